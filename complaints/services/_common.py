"""What the complaint services share: the locked row checked against the action table, and the
recorded save that appends the timeline's event in the same transaction."""

from complaints.actions import complaint_action_require
from complaints.models import Complaint, ComplaintEvent
from core.services import save_recorded

# The history row's change reason holds at most 100 characters.
MAX_REASON_LENGTH = 100


def _locked(complaint: Complaint, *, by, action: str) -> Complaint:
    """The complaint's row, locked until the end of the transaction, once complaints.actions
    lets `by` take `action` on it now (PermissionDenied for the wrong user, a ValidationError
    naming the status for the wrong state). The checks read the locked row, so two clicks
    cannot both pass."""
    locked = (Complaint.objects.select_for_update(of=("self",))
              .select_related("receiving_department", "category__parent")
              .get(pk=complaint.pk))
    complaint_action_require(user=by, complaint=locked, action=action)
    return locked


def _record(complaint: Complaint, *, by, code: str, before: str | None = None,
            note: str = "") -> ComplaintEvent:
    """Save `complaint` (its history naming `by` and the event's code) and append the event
    (`before`: the status before a transition; the present one for an event that keeps it)."""
    save_recorded(complaint, code, by)
    return _event(complaint, by=by, code=code, before=before, note=note)


def _event(complaint: Complaint, *, by, code: str, before: str | None = None,
           note: str = "") -> ComplaintEvent:
    """Append one line of the complaint's timeline."""
    event = ComplaintEvent(complaint=complaint, code=code, by=by, note=note,
                           from_status=before or complaint.status, to_status=complaint.status,
                           created_by=by)
    save_recorded(event, code, by)
    return event
