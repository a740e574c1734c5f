"""`{% page_nav %}`: the navigation bar of base.html, and `{% list_toolbar %}` and
`{% list_pages %}`: the count above a list and the page links under it, all printed by Jinja2
templates (templates/jinja2/frame/; issue 10: the Django engine spent about a seventh of the
customer list's CPU on the navigation). The navigation's entries and counts are those of the
context processors (core.context_processors.navigation, notifications.context_processors),
read once."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from core.jinja import csrf_field
from core.listing import frame_values

register = template.Library()


@register.simple_tag(takes_context=True)
def page_nav(context) -> SafeString:
    request = context.get("request")
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    values = {"user": user, "languages": settings.LANGUAGES, "language": get_language(),
              "next": request.get_full_path() if request is not None else "",
              "csrf": csrf_field(context)}
    if signed_in:
        unread = context.get("notifications_unread", 0)
        unread = unread() if callable(unread) else unread
        values |= {
            "nav_items": context.get("nav_items", []),
            "roles": [role.display_name for role in user.roles()],
            "unread": unread,
            "unread_label": ngettext("%(counter)s unread notification",
                                     "%(counter)s unread notifications", unread)
            % {"counter": unread},
        }
    return mark_safe(render_to_string("frame/nav.html", values, request=request,  # noqa: S308
                                      using="jinja2"))


def _list_frame(context, template_name: str) -> SafeString:
    links, page = context.get("links"), context.get("page")
    if page is None:  # a page without a list prints none of its frame, as the includes did
        return SafeString("")
    frame = frame_values(context.get("listing"), page, links)
    return mark_safe(render_to_string(template_name, {"frame": frame},  # noqa: S308
                                      request=context.get("request"), using="jinja2"))


@register.simple_tag(takes_context=True)
def list_toolbar(context) -> SafeString:
    """The count above a list and its page sizes, from the Listing.context values."""
    return _list_frame(context, "frame/list_toolbar.html")


@register.simple_tag(takes_context=True)
def list_pages(context) -> SafeString:
    """The previous and next page links under a list, from the Listing.context values."""
    return _list_frame(context, "frame/list_pages.html")
