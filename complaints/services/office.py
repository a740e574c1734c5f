"""The company office's part (§7.2, §7.3): the feedback to the complainant (copied to every
complaint linked to an incident), the call-back (回访) and closing. A dissatisfied call-back
reopens the complaint (重办)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.deadlines import complaint_deadlines
from complaints.models import (
    CallbackResult,
    Complaint,
    ComplaintCallback,
    ComplaintFeedback,
)
from complaints.models import ComplaintEvent as Event
from complaints.services._common import _locked, _record
from core.services import save_recorded


@transaction.atomic
def complaint_record_feedback(*, complaint: Complaint, by, method: str, content: str,
                              customer_reply: str = "", given_on: datetime.date | None = None,
                              given_by=None) -> ComplaintFeedback:
    """已反馈: the office records the feedback of the approved result (method, date, who gave
    it — the office member by default —, what was said, the complainant's reply).

    On an incident, the feedback is copied to each linked complaint not answered yet: one
    row each, marked as copied from the incident's, and each moves to feedback given in its
    own right (its own transition, history and timeline), to be called back and closed."""
    complaint = _locked(complaint, by=by, action="record_feedback")
    if not content.strip():
        raise ValidationError({"content": _("Write down what was said to the complainant.")})
    feedback = _feedback(complaint, by=by, method=method, content=content.strip(),
                         customer_reply=customer_reply.strip(),
                         given_on=given_on or timezone.localdate(), given_by=given_by or by)
    before = complaint.status
    complaint.move_to(Complaint.Status.FEEDBACK_GIVEN)
    _record(complaint, by=by, code=Event.Code.FEEDBACK, before=before)
    if complaint.is_incident:
        _copy_to_linked(complaint, feedback, by=by)
    return feedback


def _feedback(complaint: Complaint, *, by, copied_from=None, **values) -> ComplaintFeedback:
    feedback = ComplaintFeedback(complaint=complaint, round=complaint.reopen_count,
                                 copied_from=copied_from, created_by=by, **values)
    save_recorded(feedback, "feedback_copied" if copied_from else "feedback_recorded", by)
    return feedback


def _copy_to_linked(incident: Complaint, feedback: ComplaintFeedback, *, by) -> None:
    linked = (Complaint.objects.select_for_update(of=("self",))
              .filter(parent=incident, status__in=Complaint.WORKABLE).order_by("pk"))
    values = {name: getattr(feedback, name) for name in
              ("method", "content", "customer_reply", "given_on", "given_by")}
    for child in linked:
        _feedback(child, by=by, copied_from=feedback, **values)
        before = child.status
        child.move_to(Complaint.Status.FEEDBACK_GIVEN)
        _record(child, by=by, code=Event.Code.FEEDBACK_COPIED, before=before,
                note=incident.number)


@transaction.atomic
def complaint_record_callback(*, complaint: Complaint, by, result: str, comment: str = "",
                              called_at: datetime.datetime | None = None) -> ComplaintCallback:
    """回访: the office calls the complainant back after the feedback.

    Satisfied or basically satisfied: called back (the office closes it next). Dissatisfied:
    reopened (重办) — being handled again by the same handler, `reopen_count` + 1, new
    deadlines from now, unlinked from its incident (it is now handled in its own right), and
    a new approval round once the result is submitted again."""
    complaint = _locked(complaint, by=by, action="record_callback")
    if result == CallbackResult.DISSATISFIED and not comment.strip():
        raise ValidationError({"comment": _("Note what the complainant is dissatisfied with.")})
    callback = ComplaintCallback(complaint=complaint, round=complaint.reopen_count,
                                 result=result, comment=comment.strip(), called_by=by,
                                 called_at=called_at or timezone.now(), created_by=by)
    save_recorded(callback, "callback_recorded", by)
    before = complaint.status
    if not callback.reopens:
        complaint.move_to(Complaint.Status.CALLED_BACK)
        _record(complaint, by=by, code=Event.Code.CALLED_BACK, before=before,
                note=f"{callback.get_result_display()} {callback.comment}".strip())
        return callback
    _reopen(complaint)
    _record(complaint, by=by, code=Event.Code.REOPENED, before=before, note=callback.comment)
    return callback


def _reopen(complaint: Complaint) -> None:
    now = timezone.now()
    complaint.move_to(Complaint.Status.HANDLING)
    complaint.reopen_count += 1
    complaint.parent = None
    complaint.resolved_at = None
    complaint.reminded_on, complaint.escalation_level = None, 0
    deadlines = complaint_deadlines(category=complaint.category, start=now)
    # The call-back was a contact: no first-response reminder for the new round.
    complaint.first_responded_at = complaint.first_responded_at or now
    complaint.resolution_due = deadlines.resolution_due
    complaint.first_response_due = deadlines.first_response_due
    complaint.escalation_due = deadlines.escalation_due


@transaction.atomic
def complaint_close(*, complaint: Complaint, by, note: str = "") -> Complaint:
    """已关闭: the office closes a complaint after its call-back, or after the feedback when no
    call-back was possible (the reason is then required)."""
    complaint = _locked(complaint, by=by, action="close")
    if complaint.feedback_given and not note.strip():
        raise ValidationError({"note": _("Give the reason why the complainant was not called "
                                         "back.")})
    before = complaint.status
    complaint.move_to(Complaint.Status.CLOSED)
    complaint.closed_at = timezone.now()
    _record(complaint, by=by, code=Event.Code.CLOSED, before=before, note=note.strip())
    return complaint
