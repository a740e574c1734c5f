"""The surveys' tiles on the home page (core.home), one query each at most:
- for the office and the general manager, the warning that no campaign of the year has started
  by the configured day (`campaign_overdue_warning`, settings.SURVEYS_CAMPAIGN_START_BY) and the
  collecting campaigns' progress (respondents still to answer);
- for the office, the overdue corrective/preventive actions, and for each owner the actions to
  do;
- for a department head, the approved reports sent to his department whose receipt he has still
  to confirm (the report list shows them first).
Each action count is the action list's row count for the filter it links to
(complaints.surveys.forms.capa.ActionFilter)."""

from accounts.roles import GM, OFFICE
from complaints.surveys.models import (
    Campaign,
    CorrectiveAction,
    ReportReceipt,
    Respondent,
    SurveyReport,
)
from complaints.surveys.selectors.access import sees_all_surveys
from complaints.surveys.selectors.campaigns import campaign_overdue_warning
from complaints.surveys.selectors.capa import overdue_q
from core.home import Tile, capped_count

ROLES = frozenset({OFFICE, GM})


def campaign_overdue(user) -> int:
    """1 while the year's campaign is overdue (the tile is shown), else 0."""
    return int(campaign_overdue_warning(user) is not None)


def respondents_open(user) -> int:
    """Respondents of the collecting campaigns who have not answered yet (capped)."""
    if not sees_all_surveys(user):
        return 0
    return capped_count(Respondent.objects.filter(
        campaign__status=Campaign.Status.COLLECTING, status__in=Respondent.OPEN))


def overdue(user) -> int:
    """action_list(user=office, overdue=True): the office sees every action."""
    return capped_count(CorrectiveAction.objects.filter(overdue_q()))


def mine(user) -> int:
    """action_list(user=user, mine=True, status=assigned): the owner always sees his own."""
    return capped_count(
        CorrectiveAction.objects.filter(owner=user, status=CorrectiveAction.Status.ASSIGNED))


def receipts_to_confirm(user) -> int:
    """Receipts of approved reports the user, as a department's head, has still to confirm."""
    return capped_count(ReportReceipt.objects.filter(
        department__head=user, sent_at__isnull=False, confirmed_at__isnull=True,
        report__status=SurveyReport.Status.APPROVED))


def tiles() -> list[Tile]:
    from django.utils.translation import gettext_lazy as _

    path = "complaints.surveys.tiles."
    return [
        Tile("campaign_overdue_warning", _("No satisfaction survey started this year"),
             path + "campaign_overdue", "surveys:campaigns", roles=ROLES, order=60,
             always=False),
        Tile("surveys_respondents_open", _("Survey respondents still to answer"),
             path + "respondents_open", "surveys:campaigns", roles=ROLES, order=61,
             always=False),
        Tile("capa_overdue", _("Overdue corrective actions"), path + "overdue",
             "surveys:actions", "overdue=yes", roles=frozenset({OFFICE}), order=62,
             always=False),
        Tile("report_receipts", _("Survey reports to confirm"), path + "receipts_to_confirm",
             "surveys:reports", order=59, always=False),
        Tile("capa_mine", _("My corrective actions to do"), path + "mine", "surveys:actions",
             "mine=yes&status=assigned", order=63, always=False),
    ]
