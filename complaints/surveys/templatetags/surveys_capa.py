"""The office's links to open a corrective/preventive action from the complaints (nothing for
anyone else): `{% capa_open_link complaint %}` on a complaint's page links that complaint;
`{% capa_trend_link %}` on the complaint list carries the list's trend filter (category,
period) to the action's form, which shortlists those complaints."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from complaints.surveys.selectors.capa import may_open_actions

register = template.Library()
TREND_KEYS = ("category", "received_from", "received_to")


@register.simple_tag(takes_context=True)
def capa_open_link(context, complaint):
    if not may_open_actions(context["request"].user):
        return ""
    return format_html(
        '<a class="btn btn-sm btn-outline-secondary" href="{}?complaint={}" id="open-capa">{}</a>',
        reverse("surveys:action_create"),
        complaint.pk,
        _("Open a corrective action"),
    )


@register.simple_tag(takes_context=True)
def capa_trend_link(context):
    request = context["request"]
    if not may_open_actions(request.user):
        return ""
    trend = {key: request.GET[key][:20] for key in TREND_KEYS if request.GET.get(key)}
    url = reverse("surveys:action_create")
    return format_html(
        '<a class="btn btn-outline-secondary btn-sm" href="{}" id="open-capa-trend">{}</a>',
        f"{url}?{urlencode(trend)}" if trend else url,
        _("Corrective action from this trend"),
    )
