"""The Jinja2 environment of the few templates the Django engine renders too slowly
(templates/jinja2/; issue 10: the approval inbox's and customer list's rows, the navigation
bar of every page). `url(name, *args)` reverses a URL as Django's {% url %}.

Autoescaping is on for every template, as in the Django engine; `_`/`gettext` are Django's
(the request's language, the same catalogue: makemessages reads `{{ _("…") }}` from these
files as from Django templates). Everything a row shows is computed before it is rendered: the
templates only print.
"""

from django.template import engines
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from jinja2 import Environment

from core.navigation import url_once
from core.templatetags.core_format import badge_count


def environment(**options) -> Environment:
    options["autoescape"] = True
    env = Environment(extensions=["jinja2.ext.i18n"], **options)  # noqa: S701 (autoescape set)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals["url"] = lambda name, *args: reverse(name, args=args) if args else url_once(name)
    env.filters["badge_count"] = badge_count
    return env


def csrf_field(context) -> SafeString | None:
    """The hidden CSRF input of a form, as Django's {% csrf_token %} prints it, with the masked
    token of the Django template `context` a tag is rendered in; None without one. Every form
    of a page then carries the one token that page masked: Django's Jinja2 backend masks the
    secret anew for each template rendered (32 random characters, about 70 µs each)."""
    token = context.get("csrf_token")
    token = "" if token is None else str(token)
    if token in ("", "NOTPROVIDED"):
        return None
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def render_rows(request, template_name: str, rows, **context) -> SafeString:
    """The rows printed by the Jinja2 template `template_name` (autoescaped), for a Django
    template to place as they are; "" when there are none."""
    rows = list(rows)
    if not rows:
        return SafeString("")
    template = engines["jinja2"].get_template(template_name)
    return SafeString(template.render({"rows": rows, **context}, request))
