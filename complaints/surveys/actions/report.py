"""What may this user do on a satisfaction survey report now (issue 12, part 5): one table, read
by the services (which enforce it on the locked row), the views (which refuse before calling
them) and the templates (one button per allowed action, marked `data-action`).

- edit, submit: the office, while the report is a draft;
- distribute: the office sends the approved report to more departments;
- tag: the office classifies the free-text answers, whatever the report's state;
- confirm: the head of a department the approved report was sent to, once per department.

The general manager decides the submitted report through the approval engine (its step's
`approvals.selectors.step_actions`: approve, reject; the office may withdraw it there);
nothing here duplicates it. Creating the report of a campaign: `report_may_create`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy

from complaints.surveys.models import Campaign, SurveyReport
from complaints.surveys.selectors.access import headed_department_ids, runs_surveys


def _office(user, report) -> bool:
    return runs_surveys(user)


def _receipts_to_confirm(user, report: SurveyReport) -> list:
    """The receipts of `report` sent to departments `user` heads and not confirmed yet (the
    report's receipts are read once per report object)."""
    headed = headed_department_ids(user)
    if not headed or not report.is_approved:
        return []
    receipts = getattr(report, "_surveys_receipts", None)
    if receipts is None:
        receipts = list(report.receipts.select_related("department", "confirmed_by"))
        report._surveys_receipts = receipts
    return [
        r
        for r in receipts
        if r.department_id in headed and r.sent_at is not None and not r.is_confirmed
    ]


def _head(user, report) -> bool:
    return bool(headed_department_ids(user))


@dataclass(frozen=True)
class Rule:
    who: Callable  # (user, report) -> bool
    when: Callable  # (user, report) -> bool
    who_refusal: str
    refusal: str
    code: str = "wrong_state"


_OFFICE = gettext_lazy("Only the company office drafts and submits the report (篇二 §6).")
_DRAFT = gettext_lazy("Only a draft report is edited or submitted; this one is %(status)s.")

RULES: dict[str, Rule] = {
    "edit": Rule(_office, lambda u, r: r.is_draft, _OFFICE, _DRAFT),
    "submit": Rule(
        _office, lambda u, r: r.is_draft and not r.campaign.is_completed, _OFFICE, _DRAFT
    ),
    "distribute": Rule(
        _office,
        lambda u, r: r.is_approved,
        _OFFICE,
        gettext_lazy("Only an approved report is distributed; this one is %(status)s."),
    ),
    "tag": Rule(
        _office,
        lambda u, r: True,
        gettext_lazy("Only the company office classifies the answers."),
        "",
    ),
    "confirm": Rule(
        _head,
        lambda u, r: bool(_receipts_to_confirm(u, r)),
        gettext_lazy("Only the head of a department the report was sent to confirms its receipt."),
        gettext_lazy("There is no receipt of yours left to confirm on this report (%(status)s)."),
        "nothing_to_confirm",
    ),
}


def report_may(*, user, report: SurveyReport, action: str) -> bool:
    rule = RULES[action]
    return bool(
        user and user.is_authenticated and rule.who(user, report) and rule.when(user, report)
    )


def report_actions(user, report: SurveyReport) -> dict[str, bool]:
    """{action: allowed} for every action of RULES; the caller has shown the user sees the
    report (complaints.surveys.selectors.report.report_get)."""
    return {name: report_may(user=user, report=report, action=name) for name in RULES}


def report_action_require(*, user, report: SurveyReport, action: str) -> None:
    """PermissionDenied for the wrong user, a ValidationError naming the status for the
    wrong state. Services call it on the locked row."""
    rule = RULES[action]
    if not (user and user.is_authenticated and rule.who(user, report)):
        raise PermissionDenied(str(rule.who_refusal))
    if not rule.when(user, report):
        raise ValidationError(
            str(rule.refusal) % {"status": report.get_status_display()}, code=rule.code
        )


def receipts_to_confirm(user, report: SurveyReport) -> list:
    return _receipts_to_confirm(user, report)


def report_may_create(*, user, campaign: Campaign) -> bool:
    """The office drafts the report of a campaign collecting or analysing its answers, once."""
    return (
        runs_surveys(user)
        and (campaign.is_collecting or campaign.is_analysing)
        and not SurveyReport.objects.filter(campaign=campaign).exists()
    )
