"""The surveys' tiles on the home page (core.home), for the office and the general manager:
the warning that no campaign of the year has started by the configured day
(`campaign_overdue_warning`, settings.SURVEYS_CAMPAIGN_START_BY) and the collecting
campaigns' progress (respondents still to answer). One query each at most."""

from accounts.roles import GM, OFFICE
from complaints.surveys.models import Campaign, Respondent
from complaints.surveys.selectors.access import sees_all_surveys
from complaints.surveys.selectors.campaigns import campaign_overdue_warning

ROLES = frozenset({OFFICE, GM})
CAP = 100  # core.home.CAP: the page shows "99+" from there on


def campaign_overdue(user) -> int:
    """1 while the year's campaign is overdue (the tile is shown), else 0."""
    return int(campaign_overdue_warning(user) is not None)


def respondents_open(user) -> int:
    """Respondents of the collecting campaigns who have not answered yet (capped)."""
    if not sees_all_surveys(user):
        return 0
    return (Respondent.objects.filter(campaign__status=Campaign.Status.COLLECTING,
                                      status__in=Respondent.OPEN)
            .order_by().values("pk")[:CAP].count())


def tiles() -> list:
    from django.utils.translation import gettext_lazy as _

    from core.home import Tile

    path = "complaints.surveys.tiles."
    return [
        Tile("campaign_overdue_warning", _("No satisfaction survey started this year"),
             path + "campaign_overdue", "surveys:campaigns", roles=ROLES, order=60,
             always=False),
        Tile("surveys_respondents_open", _("Survey respondents still to answer"),
             path + "respondents_open", "surveys:campaigns", roles=ROLES, order=61,
             always=False),
    ]
