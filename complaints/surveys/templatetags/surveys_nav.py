"""`{% surveys_tabs "campaigns" %}`: the tabs of the surveys' pages, each shown only to those
who may open it (complaints.surveys.selectors.access)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from complaints.surveys.selectors.access import reaches_surveys, sees_all_surveys

register = template.Library()

# (key, label, URL name, who sees the tab)
TABS = (
    ("campaigns", _("Campaigns"), "surveys:campaigns", sees_all_surveys),
    ("reports", _("Reports"), "surveys:reports", reaches_surveys),
    ("actions", _("Corrective/preventive actions"), "surveys:actions", reaches_surveys),
    ("targets", _("Required levels"), "surveys:targets", sees_all_surveys),
)


@register.inclusion_tag("surveys/includes/tabs.html", takes_context=True)
def surveys_tabs(context, active: str = ""):
    user = context["request"].user
    tabs = []
    for key, label, name, may in TABS:
        if not may(user):
            continue
        try:  # each part of the surveys adds its pages; tests/surveys checks all are there
            url = reverse(name)
        except NoReverseMatch:
            continue
        tabs.append({"key": key, "label": label, "url": url, "active": key == active})
    return {"tabs": tabs}
