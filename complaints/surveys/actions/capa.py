"""What may this user do on this corrective/preventive action now (篇二 §6 d; issue 12, part 6):
one table, read by the services (which enforce it), the views (which refuse before calling them)
and the templates (which draw one button per allowed action, marked `data-action`).

Each rule has a *who* and a *when* (a lifecycle predicate of
complaints.surveys.models.CorrectiveAction):

- assign: the company office, while drafted or assigned (re-assigning corrects the owner, the
  measures or the due date before the owner reports the work done);
- complete: the owner, or the head of the owner department, while assigned;
- verify, send_back: the office, once the owner reported the work done;
- check: the office, for an action opened by hand (not from a survey report) awaiting its
  effectiveness check; a survey's action is checked against the next approved report's figure
  of its dimension (complaints.surveys.services.capa_survey), never by hand;
- attach: the office, the owner and the owner department's head, until the work is verified.

The wrong user is a PermissionDenied (403) with a message saying who may; the wrong state a
ValidationError naming the status (the page may be older than the record).
"""

from collections.abc import Callable
from dataclasses import dataclass, fields

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy

from complaints.surveys.models import CorrectiveAction
from complaints.surveys.selectors.access import headed_department_ids, runs_surveys

Status = CorrectiveAction.Status
ASSIGNABLE = (Status.DRAFTED, Status.ASSIGNED)


def _office(user, action) -> bool:
    return runs_surveys(user)


def _owner(user, action) -> bool:
    return action.owner_id is not None and action.owner_id == user.pk


def _owner_head(user, action) -> bool:
    return (
        action.owner_department_id is not None
        and action.owner_department_id in headed_department_ids(user)
    )


def _owner_or_head(user, action) -> bool:
    return _owner(user, action) or _owner_head(user, action)


def _worker(user, action) -> bool:
    return _office(user, action) or _owner_or_head(user, action)


def is_checked_by_hand(action) -> bool:
    """An action opened by hand (no survey report) is checked by the office, not by a figure."""
    return action.report_id is None


@dataclass(frozen=True)
class Rule:
    who: Callable  # (user, action) -> bool
    when: Callable  # (action) -> bool
    who_refusal: str
    refusal: str
    code: str = "wrong_state"


_OFFICE = gettext_lazy("Only the company office may do this (篇二 §6 d).")
_OWNER = gettext_lazy(
    "Only the action's owner or the head of the owner department reports the work done."
)
_COMPLETED = gettext_lazy(
    "Only an action whose owner reported the work done is verified; this one is %(status)s."
)

RULES: dict[str, Rule] = {
    "assign": Rule(
        _office,
        lambda a: a.status in ASSIGNABLE,
        _OFFICE,
        gettext_lazy("Only a drafted or assigned action is (re)assigned; this one is %(status)s."),
    ),
    "complete": Rule(
        _owner_or_head,
        lambda a: a.status == Status.ASSIGNED,
        _OWNER,
        gettext_lazy("Only an assigned action is reported done; this one is %(status)s."),
    ),
    "verify": Rule(_office, lambda a: a.status == Status.COMPLETED, _OFFICE, _COMPLETED),
    "send_back": Rule(_office, lambda a: a.status == Status.COMPLETED, _OFFICE, _COMPLETED),
    "check": Rule(
        _office,
        lambda a: a.awaits_check and is_checked_by_hand(a),
        _OFFICE,
        gettext_lazy(
            "Only an action opened by hand and awaiting its effectiveness "
            "check is checked by the office (a survey's action waits for the "
            "next report); this one is %(status)s."
        ),
    ),
    "attach": Rule(
        _worker,
        lambda a: a.is_open,
        gettext_lazy("Only the office, the owner and the owner department's head add evidence."),
        gettext_lazy("The action is %(status)s: its evidence is read-only."),
    ),
}


@dataclass(frozen=True)
class CapaActions:
    """The actions allowed to one user on one CAPA now (one flag per RULES entry and button)."""

    assign: bool = False
    complete: bool = False
    verify: bool = False
    send_back: bool = False
    check: bool = False
    attach: bool = False

    def allowed(self) -> set[str]:
        return {field.name for field in fields(self) if getattr(self, field.name)}


def capa_may(user, action: CorrectiveAction, name: str) -> bool:
    rule = RULES[name]
    return bool(user and user.is_authenticated and rule.who(user, action) and rule.when(action))


def capa_actions(user, action: CorrectiveAction) -> CapaActions:
    """The actions `user` may take on `action` now; the caller established that the user sees
    it (complaints.surveys.selectors.capa.action_get)."""
    return CapaActions(**{name: capa_may(user, action, name) for name in RULES})


def capa_action_require(user, action: CorrectiveAction, name: str) -> None:
    """Refuse `name` unless allowed: PermissionDenied for the wrong user, a ValidationError
    naming the status for the wrong state. Services call it on the locked row."""
    rule = RULES[name]
    if not (user and user.is_authenticated and rule.who(user, action)):
        raise PermissionDenied(str(rule.who_refusal))
    if not rule.when(action):
        raise ValidationError(
            str(rule.refusal) % {"status": action.get_status_display()}, code=rule.code
        )
