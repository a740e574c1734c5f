"""Handling (§7.2, §7.3): 生产处's part of a quality complaint, the handling result, its
submission to the general manager through the approval engine, and the engine's moves."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalRequest, Decision
from approvals.services import approval_submit
from complaints.models import Complaint, ComplaintCoHandling
from complaints.models import ComplaintEvent as Event
from complaints.services._common import _event, _locked, _record
from core.services import save_recorded

RESULT_FIELDS = ("cause", "measures", "result", "cost")


@transaction.atomic
def complaint_record_co_handling(*, complaint: Complaint, by, text: str) -> ComplaintCoHandling:
    """§7.2: the 生产处 co-handler records production's part of a quality complaint in the
    present handling round (a reopened complaint needs it again)."""
    complaint = _locked(complaint, by=by, action="record_co_handling")
    if not text.strip():
        raise ValidationError({"text": _("Describe production's findings and measures.")})
    part = ComplaintCoHandling(complaint=complaint, round=complaint.reopen_count, by=by,
                               text=text.strip(), created_by=by)
    save_recorded(part, "co_handling_recorded", by)
    _record(complaint, by=by, code=Event.Code.CO_HANDLED)
    return part


def _set_result(complaint: Complaint, fields: dict) -> None:
    unknown = set(fields) - set(RESULT_FIELDS)
    if unknown:
        raise ValidationError(_("Not changeable here: %(fields)s")
                              % {"fields": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(complaint, name, value.strip() if isinstance(value, str) else value)
    if complaint.cost is not None and Decimal(complaint.cost) < 0:
        raise ValidationError({"cost": _("The cost cannot be negative.")})


@transaction.atomic
def complaint_record_result(*, complaint: Complaint, by, **fields) -> Complaint:
    """The handler records (or corrects) the handling result: cause, measures, result, cost
    (CNY, optional), before submitting it."""
    complaint = _locked(complaint, by=by, action="record_result")
    _set_result(complaint, fields)
    _record(complaint, by=by, code=Event.Code.RESULT_RECORDED)
    return complaint


def complaint_problems(complaint: Complaint) -> list[str]:
    """What stops the handling result from being submitted, in the interface language."""
    problems = []
    labels = {name: Complaint._meta.get_field(name).verbose_name for name in RESULT_FIELDS}
    for name in ("cause", "measures", "result"):
        if not getattr(complaint, name).strip():
            problems.append(_("Fill in: %(field)s.") % {"field": labels[name]})
    if complaint.is_quality:
        if complaint.co_handler_id is None:
            problems.append(_("A quality complaint is handled together with production: assign "
                              "the production co-handler (§7.2)."))
        elif not complaint.co_handlings.filter(round=complaint.reopen_count).exists():
            problems.append(_("Production's part of this quality complaint is not recorded yet "
                              "(§7.2)."))
    return problems


@transaction.atomic
def complaint_submit(*, complaint: Complaint, by, comment: str = "",
                     **fields) -> ApprovalRequest:
    """The handler submits the handling result (optionally given here) to the general
    manager along the complaint's route (§7.2, §7.3): refused with every missing item listed,
    and refused when no route step applies (the result is always approved)."""
    complaint = _locked(complaint, by=by, action="submit")
    if fields:
        _set_result(complaint, fields)
        _record(complaint, by=by, code=Event.Code.RESULT_RECORDED)
    problems = complaint_problems(complaint)
    if problems:
        raise ValidationError(problems, code="incomplete")
    request = approval_submit(target=complaint, by=by, comment=comment)
    if request is None:
        raise ValidationError(_("No approval route applies to complaints: ask an administrator "
                                "to restore the general manager's route (§7)."),
                              code="no_route")
    return request


def _decision_comment(request: ApprovalRequest, outcome: str) -> str:
    """The comment of the round's last decision with `outcome` (the GM's reason)."""
    decision = (Decision.objects.filter(step__request=request, outcome=outcome)
                .order_by("-decided_at", "-id").first())
    return decision.comment if decision is not None else ""


_MILESTONES = {
    # milestone: (target status, event code, history reason)
    "submitted": (Complaint.Status.IN_APPROVAL, Event.Code.SUBMITTED, "submitted_for_approval"),
    "approved": (Complaint.Status.AWAITING_FEEDBACK, Event.Code.APPROVED, "approved"),
    "rejected": (Complaint.Status.HANDLING, Event.Code.REJECTED, "rejected_back_to_handling"),
    "withdrawn": (Complaint.Status.HANDLING, Event.Code.WITHDRAWN,
                  "withdrawn_back_to_handling"),
}


def complaint_on_approval(*, complaint: Complaint, milestone: str, request: ApprovalRequest,
                          by) -> Complaint:
    """The approval engine moves the complaint (complaints/approval_targets.py): submitted →
    awaiting approval; approved → awaiting feedback; rejected (with the GM's reason in the
    timeline) or withdrawn → being handled again. `by` is the submitter or the decider."""
    status, code, reason = _MILESTONES[milestone]
    before = complaint.status
    complaint.move_to(status)
    if milestone == "approved":
        complaint.resolved_at = timezone.now()
    note = {"submitted": request.comment, "withdrawn": "",
            "approved": _decision_comment(request, Decision.Outcome.APPROVE),
            "rejected": _decision_comment(request, Decision.Outcome.REJECT)}[milestone]
    save_recorded(complaint, reason, by)
    _event(complaint, by=by, code=code, before=before,
           note=_("Round %(round)s") % {"round": request.round} + (f": {note}" if note else ""))
    return complaint
