"""`{% page_nav %}`: the navigation bar of base.html, and `{% list_toolbar %}` and
`{% list_pages %}`: the count above a list and the page links under it, all printed by Jinja2
templates (templates/jinja2/frame/; issue 10: the Django engine spent about a seventh of the
customer list's CPU on the navigation). The navigation's entries and counts are those of the
context processors (core.context_processors.navigation, notifications.context_processors),
read once."""

import functools

from django import template
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import engines
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django_htmx.jinja import htmx_script
from markupsafe import escape

from core.jinja import csrf_field
from core.listing import frame_values

register = template.Library()


# Stand-ins for the two values of the navigation that differ on every page (the path to come
# back to and the page's masked CSRF token): the bar is printed once per distinct set of the
# other values and kept (`_nav_printed`), then each page puts its own two in.
_NEXT = "\ue000nav-next\ue001"
_CSRF = "\ue000nav-csrf\ue001"


@register.simple_tag(takes_context=True)
def page_nav(context) -> SafeString:
    request = context.get("request")
    user = context.get("user")
    csrf = csrf_field(context)
    signed_in = user is not None and user.is_authenticated
    values = {"signed_in": signed_in, "user_name": str(user) if signed_in else "",
              "language": get_language(), "prefix": get_script_prefix()}
    if signed_in:
        unread = context.get("notifications_unread", 0)
        unread = unread() if callable(unread) else unread
        values |= {
            "nav_items": tuple((str(item["label"]), item["url"], item["active"], item["badge"],
                                item["badge_url"]) for item in context.get("nav_items", [])),
            "roles": tuple(str(role.display_name) for role in user.roles()),
            "unread": unread,
            "unread_label": ngettext("%(counter)s unread notification",
                                     "%(counter)s unread notifications", unread)
            % {"counter": unread},
        }
    if request is None or csrf is None:  # no page to come back to or no token: print it all
        return _nav_print(values, request.get_full_path() if request else "", csrf, request)
    # Jinja2's compiled template (the same object until the file is reloaded in development).
    template = engines["jinja2"].get_template("frame/nav.html").template
    printed = _nav_printed(template, tuple(values.items()))
    # The path escaped as the template's autoescape escapes it.
    return mark_safe(printed.replace(_NEXT, escape(request.get_full_path()))  # noqa: S308
                     .replace(_CSRF, csrf))


def _nav_print(values: dict, next_path: str, csrf, request=None) -> str:
    template = engines["jinja2"].get_template("frame/nav.html")
    return mark_safe(template.render(  # noqa: S308 (autoescaped)
        {**values, "languages": settings.LANGUAGES, "next": next_path, "csrf": csrf}, request))


@functools.lru_cache(maxsize=512)
def _nav_printed(template, values: tuple) -> str:
    """The navigation bar for `values` (everything it prints but the path and the token,
    which stay stand-ins): printing it was about a tenth of the customer page's CPU (issue
    10). The bar depends on nothing else (the language and script prefix are values; the
    template itself is part of the key, so a template reloaded in development prints anew),
    so a kept copy is the bar printed now. At most 512 are kept per process (a few KB each)."""
    return _nav_print(dict(values), _NEXT, SafeString(_CSRF))


@register.simple_tag
def frame_static(path: str) -> str:
    """`{% static path %}` of base.html, reversed once per file and static storage: a page
    asked the storage's manifest for the same four files on every request (issue 10)."""
    return _static_url(path, staticfiles_storage._wrapped)


@register.simple_tag
def frame_htmx_script() -> SafeString:
    """django-htmx's `{% htmx_script %}` (no CSP nonce here), printed once per storage."""
    return _htmx_script(staticfiles_storage._wrapped, settings.DEBUG)


@functools.lru_cache(maxsize=64)
def _static_url(path: str, storage) -> str:
    return static(path)


@functools.lru_cache(maxsize=4)
def _htmx_script(storage, debug: bool) -> SafeString:
    return htmx_script(version=2, minified=True, extensions="", nonce=None)


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
