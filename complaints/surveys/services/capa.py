"""The corrective/preventive actions' lifecycle (篇二 §6 d; issue 12, part 6), one service per
action of complaints.surveys.actions.capa, each on the locked row:

- action_open: the office opens an action by hand, e.g. from a complaint trend, linking the
  complaints it sees;
- action_assign: the office sets the problem, root cause, type, measures, owner department and
  person and the due date (drafted → assigned; re-assigning keeps it assigned);
- action_complete: the owner (or the owner department's head) reports what was done;
- action_verify: the office verifies the work (→ awaiting the effectiveness check), or
  action_send_back: refuses it with a reason (→ assigned);
- action_check: the office's effectiveness check of an action opened by hand (effective →
  closed; not → assigned, with the note). A survey's action is checked against the next report
  (complaints.surveys.services.capa_survey).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.surveys.actions.capa import capa_action_require
from complaints.surveys.models import CorrectiveAction
from complaints.surveys.selectors.capa import complaints_for_linking, may_open_actions
from core.reasons import reason
from core.sequences import next_number
from core.services import save_recorded

NUMBER_SERIES = "JZ"
Status = CorrectiveAction.Status


def new_number(year: int | None = None) -> str:
    """The next action number, JZ-<year>-<6 digits> (call inside the storing transaction)."""
    year = year or timezone.localdate().year
    return f"{NUMBER_SERIES}-{year}-{next_number(NUMBER_SERIES, year):06d}"


def one_line(note: str) -> str:
    """A note as the free part of a history reason (core.reasons cuts it to the column)."""
    return " ".join((note or "").split())


def _locked(action: CorrectiveAction, *, by, name: str) -> CorrectiveAction:
    """The action's row, locked until the transaction ends, once `by` may take `name` on it."""
    locked = (
        CorrectiveAction.objects.select_for_update(of=("self",))
        .select_related("owner_department")
        .get(pk=action.pk)
    )
    capa_action_require(by, locked, name)
    return locked


def _required(field: str, value) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: _("This field is required.")}, code="required")
    return text


@transaction.atomic
def action_open(
    *, by, problem: str, complaints=(), kind: str = CorrectiveAction.Kind.CORRECTIVE
) -> CorrectiveAction:
    """The office opens an action by hand: from a complaint trend when complaints are linked
    (only complaints `by` sees), else of source "other"; it starts drafted."""
    if not may_open_actions(by):
        raise PermissionDenied(_("Only the company office opens corrective/preventive actions."))
    problem = _required("problem", problem)
    complaints = list(complaints)
    visible = set(
        complaints_for_linking(user=by)
        .filter(pk__in=[c.pk for c in complaints])
        .values_list("pk", flat=True)
    )
    if any(complaint.pk not in visible for complaint in complaints):
        raise ValidationError({"complaints": _("Link only complaints you may see.")})
    source = CorrectiveAction.Source.COMPLAINTS if complaints else CorrectiveAction.Source.OTHER
    action = CorrectiveAction(
        number=new_number(), source=source, kind=kind, problem=problem, created_by=by
    )
    save_recorded(action, reason("capa_opened_by_hand"), by)
    if complaints:
        action.complaints.set(complaints)
    return action


def _member_or_head(user, department) -> bool:
    return user.department_id == department.pk or department.head_id == user.pk


@transaction.atomic
def action_assign(
    *,
    action: CorrectiveAction,
    by,
    problem: str,
    root_cause: str = "",
    kind: str,
    measures: str,
    owner_department,
    owner,
    due_on,
) -> CorrectiveAction:
    """The office assigns the action (or corrects the assignment while it is assigned)."""
    action = _locked(action, by=by, name="assign")
    errors = {}
    if owner_department is None:
        errors["owner_department"] = _("Choose the owner department.")
    if owner is None or not owner.is_active:
        errors["owner"] = _("Choose the owner.")
    elif owner_department is not None and not _member_or_head(owner, owner_department):
        errors["owner"] = _("The owner must belong to the owner department or head it.")
    if due_on is None:
        errors["due_on"] = _("Set the due date.")
    elif due_on < timezone.localdate() and due_on != action.due_on:
        errors["due_on"] = _("The due date cannot be in the past.")
    if kind not in CorrectiveAction.Kind.values:
        errors["kind"] = _("Choose the action type.")
    for field, value in (("problem", problem), ("measures", measures)):
        if not (value or "").strip():
            errors[field] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    before = action.status
    if action.status != Status.ASSIGNED:
        action.move_to(Status.ASSIGNED)
    action.problem, action.root_cause = problem.strip(), (root_cause or "").strip()
    action.kind, action.measures = kind, measures.strip()
    action.owner_department, action.owner, action.due_on = owner_department, owner, due_on
    save_recorded(
        action,
        reason("capa_assigned" if before != Status.ASSIGNED else "capa_assignment_corrected"),
        by,
    )
    return action


@transaction.atomic
def action_complete(*, action: CorrectiveAction, by, note: str) -> CorrectiveAction:
    """The owner (or the owner department's head) reports what was done; the evidence is
    attached to the action (core.attachments) before or after."""
    action = _locked(action, by=by, name="complete")
    action.completion_note = _required("note", note)
    action.completed_at = timezone.now()
    action.move_to(Status.COMPLETED)
    save_recorded(action, reason("capa_completed"), by)
    return action


@transaction.atomic
def action_verify(*, action: CorrectiveAction, by, note: str) -> CorrectiveAction:
    """The office verifies the work: the action awaits its effectiveness check."""
    action = _locked(action, by=by, name="verify")
    action.verification_note = _required("note", note)
    action.verified_at, action.verified_by = timezone.now(), by
    action.move_to(Status.AWAITING_CHECK)
    save_recorded(action, reason("capa_verified"), by)
    return action


@transaction.atomic
def action_send_back(*, action: CorrectiveAction, by, note: str) -> CorrectiveAction:
    """The office refuses the work reported: back to the owner, with the reason."""
    action = _locked(action, by=by, name="send_back")
    note = _required("note", note)
    action.verification_note = note
    action.move_to(Status.ASSIGNED)
    save_recorded(action, reason("capa_sent_back", one_line(note)), by)
    return action


@transaction.atomic
def action_check(*, action: CorrectiveAction, by, effective: bool, note: str) -> CorrectiveAction:
    """The office's effectiveness check of an action opened by hand: effective → closed;
    ineffective → assigned again (the note says why; it is kept with the verification)."""
    action = _locked(action, by=by, name="check")
    note = _required("note", note)
    label = _("Effectiveness check") if effective else _("Ineffective")
    action.verification_note = f"{action.verification_note}\n\n{label}: {note}".strip()
    action.is_effective = bool(effective)
    if effective:
        action.move_to(Status.CLOSED)
        action.closed_at = timezone.now()
        save_recorded(action, reason("capa_effective", one_line(note)), by)
    else:
        action.move_to(Status.ASSIGNED)
        save_recorded(action, reason("capa_ineffective", one_line(note)), by)
    return action
