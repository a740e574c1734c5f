"""The route condition of the satisfaction survey report (篇二 §6 c)."""

from django.utils.translation import gettext_lazy as _

from approvals.conditions import register_condition

REPORT = "surveys.report"


@register_condition(REPORT, label=_("Every satisfaction survey analysis report is approved by "
                                    "the general manager (篇二 §6 c)"))
def report(survey_report) -> bool:
    return True
