"""The complaints' tiles on the home page (core.home): the handler's open and overdue
complaints, the office's feedback and call-backs due; each count is the complaint list's row
count for the filter it links to (complaints.filters), one query at most."""

from django.db.models import Q

from accounts.roles import MARKET_MANAGER, OFFICE, PRODUCTION, STAFF
from complaints.models import Complaint
from complaints.selectors import complaint_list, overdue_q
from core.home import Tile, capped_count, prepared_count

HANDLERS = frozenset({STAFF, MARKET_MANAGER, PRODUCTION})


def _handled_by(user):
    """complaint_list(user=user, handler=user): the handler and co-handler always see their
    complaints (complaint_visible_q), so the customers they read need not be read. `user`: a
    user or their id."""
    return Complaint.objects.filter(Q(handler=user) | Q(co_handler=user))


_handling = prepared_count(lambda user_id: _handled_by(user_id).filter(
    status=Complaint.Status.HANDLING))
_overdue = prepared_count(lambda user_id, now: _handled_by(user_id).filter(overdue_q(now)),
                          at_moment=True)


def handling(user) -> int:
    return _handling(user)


def overdue(user) -> int:
    return _overdue(user)


def feedback_due(user) -> int:
    return capped_count(complaint_list(user=user, status=Complaint.Status.AWAITING_FEEDBACK))


def callbacks_due(user) -> int:
    return capped_count(complaint_list(user=user, status=Complaint.Status.FEEDBACK_GIVEN))


def tiles() -> list[Tile]:
    from django.utils.translation import gettext_lazy as _

    path = "complaints.tiles."
    return [
        Tile("complaints_handling", _("My complaints being handled"), path + "handling",
             "complaints:list", "mine=yes&status=handling", roles=HANDLERS, order=40),
        Tile("complaints_overdue", _("My overdue complaints"), path + "overdue",
             "complaints:list", "mine=yes&overdue=yes", roles=HANDLERS, order=41,
             always=False),
        Tile("complaints_feedback", _("Complaints awaiting feedback"), path + "feedback_due",
             "complaints:list", "status=awaiting_feedback", roles=frozenset({OFFICE}),
             order=42),
        Tile("complaints_callbacks", _("Call-backs due"), path + "callbacks_due",
             "complaints:list", "status=feedback_given", roles=frozenset({OFFICE}), order=43),
    ]
