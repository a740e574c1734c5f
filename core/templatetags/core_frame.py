"""`{% page_nav %}`: the navigation bar of base.html, printed by the Jinja2 template
templates/jinja2/frame/nav.html (issue 10: the Django engine spent about a seventh of the
customer list's CPU on it). The entries and counts are those of the context processors
(core.context_processors.navigation, notifications.context_processors), read once."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

register = template.Library()


@register.simple_tag(takes_context=True)
def page_nav(context) -> SafeString:
    request = context.get("request")
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    values = {"user": user, "languages": settings.LANGUAGES, "language": get_language(),
              "next": request.get_full_path() if request is not None else ""}
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
