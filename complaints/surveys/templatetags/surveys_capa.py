"""`{% capa_open_link complaint %}`: on a complaint's page, the office's link to open a
corrective/preventive action linking that complaint (nothing for anyone else)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from complaints.surveys.selectors.capa import may_open_actions

register = template.Library()


@register.simple_tag(takes_context=True)
def capa_open_link(context, complaint):
    if not may_open_actions(context["request"].user):
        return ""
    return format_html('<a class="btn btn-sm btn-outline-secondary" href="{}?complaint={}" '
                       'id="open-capa">{}</a>', reverse("surveys:action_create"), complaint.pk,
                       _("Open a corrective action"))
