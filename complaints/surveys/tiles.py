"""The corrective/preventive actions' tiles on the home page (core.home): the office's overdue
actions, and each owner's actions to do. Each count is the action list's row count for the
filter it links to (complaints.surveys.forms.capa.ActionFilter), one query at most."""

from accounts.roles import OFFICE
from complaints.surveys.models import CorrectiveAction
from complaints.surveys.selectors.capa import overdue_q
from core.home import Tile, capped_count


def overdue(user) -> int:
    """action_list(user=office, overdue=True): the office sees every action."""
    return capped_count(CorrectiveAction.objects.filter(overdue_q()))


def mine(user) -> int:
    """action_list(user=user, mine=True, status=assigned): the owner always sees his own."""
    return capped_count(
        CorrectiveAction.objects.filter(owner=user, status=CorrectiveAction.Status.ASSIGNED)
    )


def tiles() -> list[Tile]:
    from django.utils.translation import gettext_lazy as _

    path = "complaints.surveys.tiles."
    return [
        Tile(
            "capa_overdue",
            _("Overdue corrective actions"),
            path + "overdue",
            "surveys:actions",
            "overdue=yes",
            roles=frozenset({OFFICE}),
            order=60,
            always=False,
        ),
        Tile(
            "capa_mine",
            _("My corrective actions to do"),
            path + "mine",
            "surveys:actions",
            "mine=yes&status=assigned",
            order=61,
            always=False,
        ),
    ]
