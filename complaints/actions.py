"""What may this user do on this complaint now (篇二 §7): one table, read by the services
(which enforce it), the views (which refuse before calling them) and the templates (which draw
one button per allowed action, marked `data-action`).

Each rule has a *who* and a *when* (a lifecycle predicate of complaints.models.Complaint):

- edit, assign, mark_incident, link_incident: the receiving department (§7.1: its members and
  its head), while the complaint is registered or being handled (an incident is not linked,
  a linked complaint not made an incident);
- respond: the handler or the receiving department, once, before the feedback;
- record_co_handling: the 生产处 co-handler of a quality complaint being handled (§7.2);
- record_result, submit: the handler, while it is being handled and not linked to an incident;
- record_feedback: the company office, once approved, not linked (§7.2, §7.3);
- record_callback: the office, after the feedback; close: the office, after the feedback or
  the call-back;
- attach: whoever works on it (department, handler, co-handler, office), until closed.

The general manager decides the submitted result through the approval engine (its step's
`approvals.selectors.step_actions`: approve, reject); nothing here duplicates it.

The wrong user is a PermissionDenied (403) with a message saying who may; the wrong state a
ValidationError naming the status (the page may be older than the record).
"""

from collections.abc import Callable
from dataclasses import dataclass, fields

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy

from accounts.roles import OFFICE, PRODUCTION
from complaints.models import Complaint


def in_receiving_department(user, complaint: Complaint) -> bool:
    """§7.1: a member of the department that received the complaint, or its head."""
    if user.department_id is not None and user.department_id == complaint.receiving_department_id:
        return True
    return complaint.receiving_department.head_id == user.pk


def _department(user, complaint) -> bool:
    return in_receiving_department(user, complaint)


def _handler(user, complaint) -> bool:
    return complaint.handler_id is not None and complaint.handler_id == user.pk


def _handler_or_department(user, complaint) -> bool:
    return _handler(user, complaint) or _department(user, complaint)


def _co_handler(user, complaint) -> bool:
    return (complaint.co_handler_id is not None and complaint.co_handler_id == user.pk
            and user.has_role(PRODUCTION))


def _office(user, complaint) -> bool:
    return user.has_role(OFFICE)


def _participant(user, complaint) -> bool:
    return (_handler_or_department(user, complaint) or _co_handler(user, complaint)
            or _office(user, complaint))


@dataclass(frozen=True)
class Rule:
    """One action: who may take it (and the 403's message saying who may), in which states,
    and the refusal in the wrong state (`%(status)s` is the complaint's present status)."""

    who: Callable  # (user, complaint) -> bool
    when: Callable  # (complaint) -> bool
    who_refusal: str
    refusal: str
    code: str = "wrong_state"


_DEPARTMENT = gettext_lazy("Only the receiving department (its members and head) may do this "
                           "(§7.1).")
_HANDLER = gettext_lazy("Only the complaint's handler may do this.")
_OFFICE = gettext_lazy("Only the company office gives the feedback and calls back (§7.2, §7.3).")
_WORKABLE = gettext_lazy("The complaint is %(status)s: its intake and handler no longer change.")
_HANDLING = gettext_lazy("Only a complaint being handled takes a handling result; this one is "
                         "%(status)s.")


def _unlinked_handling(complaint) -> bool:
    return complaint.is_handling and not complaint.is_linked


RULES: dict[str, Rule] = {
    "edit": Rule(_department, lambda c: c.is_workable, _DEPARTMENT, _WORKABLE),
    "assign": Rule(_department, lambda c: c.is_workable, _DEPARTMENT, _WORKABLE),
    "mark_incident": Rule(_department, lambda c: c.is_workable and not c.is_incident
                          and not c.is_linked, _DEPARTMENT, gettext_lazy(
                              "Only a complaint registered or being handled, not linked to "
                              "an incident, becomes an incident; this one is %(status)s.")),
    "link_incident": Rule(_department, lambda c: c.is_workable and not c.is_incident
                          and not c.is_linked, _DEPARTMENT, gettext_lazy(
                              "Only a complaint registered or being handled, neither an "
                              "incident nor linked yet, is linked to an incident; this one is "
                              "%(status)s.")),
    "respond": Rule(_handler_or_department,
                    lambda c: c.is_open and c.first_responded_at is None,
                    gettext_lazy("Only the handler or the receiving department records the "
                                 "first response."),
                    gettext_lazy("The first response is recorded once, before the feedback; "
                                 "the complaint is %(status)s.")),
    "record_co_handling": Rule(_co_handler, lambda c: c.is_handling and c.is_quality,
                               gettext_lazy("Only the production co-handler of this quality "
                                            "complaint records production's part (§7.2)."),
                               gettext_lazy("Production's part is recorded while a quality "
                                            "complaint is being handled; this one is "
                                            "%(status)s.")),
    "record_result": Rule(_handler, _unlinked_handling, _HANDLER, _HANDLING),
    "submit": Rule(_handler, _unlinked_handling, _HANDLER, _HANDLING),
    "record_feedback": Rule(_office, lambda c: c.awaits_feedback and not c.is_linked, _OFFICE,
                            gettext_lazy("Feedback is given once the general manager approved "
                                         "the result; the complaint is %(status)s.")),
    "record_callback": Rule(_office, lambda c: c.feedback_given, _OFFICE,
                            gettext_lazy("The call-back follows the feedback; the complaint is "
                                         "%(status)s.")),
    "close": Rule(_office, lambda c: c.is_closable, _OFFICE,
                  gettext_lazy("A complaint is closed after its feedback; this one is "
                               "%(status)s.")),
    "attach": Rule(_participant, lambda c: not c.is_closed,
                   gettext_lazy("Only those working on the complaint add material to it."),
                   gettext_lazy("The complaint is %(status)s: its material is read-only.")),
}


@dataclass(frozen=True)
class ComplaintActions:
    """The actions allowed to one user on one complaint now: one flag per RULES entry (and
    per button, `data-action` in the template)."""

    edit: bool = False
    assign: bool = False
    mark_incident: bool = False
    link_incident: bool = False
    respond: bool = False
    record_co_handling: bool = False
    record_result: bool = False
    submit: bool = False
    record_feedback: bool = False
    record_callback: bool = False
    close: bool = False
    attach: bool = False

    def allowed(self) -> set[str]:
        return {field.name for field in fields(self) if getattr(self, field.name)}


def complaint_may(*, user, complaint: Complaint, action: str) -> bool:
    """Whether `user` may take `action` (a key of RULES) on `complaint` now: both halves."""
    rule = RULES[action]
    return bool(user and user.is_authenticated and rule.who(user, complaint)
                and rule.when(complaint))


def complaint_actions(*, user, complaint: Complaint) -> ComplaintActions:
    """The actions `user` may take on `complaint` in its present state. The caller has
    already established that the user sees it (complaints.selectors.complaint_get)."""
    return ComplaintActions(**{name: complaint_may(user=user, complaint=complaint, action=name)
                               for name in RULES})


def complaint_action_require(*, user, complaint: Complaint, action: str) -> None:
    """Refuse `action` unless allowed: PermissionDenied saying who may for the wrong user, a
    ValidationError naming the status for the wrong state. Services call it on the locked row."""
    rule = RULES[action]
    if not (user and user.is_authenticated and rule.who(user, complaint)):
        raise PermissionDenied(str(rule.who_refusal))
    if not rule.when(complaint):
        raise ValidationError(str(rule.refusal) % {"status": complaint.get_status_display()},
                              code=rule.code)
