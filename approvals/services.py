"""Writes of the approval engine: submit, decide, withdraw, delegate. Every rule lives here, so
views, the admin and any future API get the same checks.

Targets are told of each milestone through the `ApprovalTarget` registered for their model
(approvals/targets.py: summary, submitted, approved, rejected, withdrawn); the engine never
imports a target app, and refuses to submit an object whose model registered none.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from approvals import notifications
from approvals.models import ApprovalRequest, ApprovalStep, Decision, Delegation, Mode
from approvals.selectors import (
    StepActions,
    pending_request_for,
    route_resolve,
    step_actions,
    step_deciders,
)
from approvals.targets import ApprovalTarget, target_for
from core.links import site_base
from core.workhours import add_working_hours


def _tell_target(request: ApprovalRequest, milestone: str, by) -> None:
    """Call the target's protocol for `milestone` (submitted/approved/rejected/withdrawn)."""
    target = request.target
    protocol = target_for(target)
    hook = {"submitted": protocol.submitted, "approved": protocol.approved,
            "rejected": protocol.rejected, "withdrawn": protocol.withdrawn}[milestone]
    hook(target, request=request, by=by)


def _summary(protocol: ApprovalTarget, target) -> dict:
    summary = {"title": str(target), "number": "", "customer": "", "amount": None, "url": ""}
    if hasattr(target, "get_absolute_url"):
        summary["url"] = target.get_absolute_url()
    # The snapshot is stored once for everyone: in the company's language.
    with translation.override(settings.LANGUAGE_CODE):
        summary.update({k: str(v) if isinstance(v, Promise) else v
                        for k, v in protocol.summary(target).items() if k in summary})
    summary["title"] = str(summary["title"])[:200]
    summary["number"] = str(summary["number"] or "")[:60]
    summary["customer"] = str(summary["customer"] or "")[:200]
    return summary


def _activate(step: ApprovalStep, now) -> None:
    step.status = ApprovalStep.Status.PENDING
    step.activated_at = now
    step.due_at = add_working_hours(now, step.time_limit_hours)
    step._change_reason = "activated"
    step.save()
    notifications.step_waiting_notice(step)
    base = site_base()  # the address of the request being served, read now
    transaction.on_commit(lambda: notifications.step_waiting(step.pk, base=base))


@transaction.atomic
def approval_submit(*, target, by, comment: str = "") -> ApprovalRequest | None:
    """Open a new round of approval of `target` with the route as it is now, frozen.

    Returns None when the route resolves to no step (no approval needed). Refuses when a
    round is already pending (also at the database: a double click cannot open two), or when
    a step has nobody who could decide it; raises ImproperlyConfigured when `target`'s model
    registered no ApprovalTarget (approvals/targets.py), routed or not.
    """
    protocol = target_for(target)
    resolved = route_resolve(target)
    if not resolved.needs_approval:
        return None
    existing = pending_request_for(target)
    if existing is not None:
        raise ValidationError(
            _("This record is already waiting for approval (round %(round)s, submitted "
              "%(when)s).") % {"round": existing.round,
                               "when": date_format(timezone.localtime(existing.submitted_at),
                                                   "Y-m-d H:i")},
            code="already_pending",
        )
    content_type = ContentType.objects.get_for_model(target)
    last_round = ApprovalRequest.objects.filter(
        content_type=content_type, object_id=target.pk).aggregate(last=Max("round"))["last"]
    now = timezone.now()
    request = ApprovalRequest(
        content_type=content_type, object_id=target.pk, round=(last_round or 0) + 1,
        submitted_by=by, submitted_at=now, comment=comment, conditions=resolved.matched,
        created_by=by, **_summary(protocol, target),
    )
    request.full_clean(exclude=["content_type", "submitted_by", "created_by"])
    request._change_reason = "submitted"
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise ValidationError(_("This record has just been submitted for approval."),
                              code="already_pending") from None
    steps = []
    for position, item in enumerate(resolved.steps, start=1):
        source = item.step
        step = ApprovalStep(
            request=request, position=position, label=source.label, decider=source.decider,
            role=source.role, mode=source.mode, quorum=source.quorum,
            time_limit_hours=source.time_limit_hours, department=item.department,
            user=item.user, route_name=item.route.name, created_by=by,
        )
        step._change_reason = "frozen_from_route"
        step.save()
        if not step_deciders(step).exists():
            raise ValidationError(
                _("Nobody can decide the approval step “%(step)s”: no active user holds it "
                  "(the submitter does not count). Ask the system administrator to assign "
                  "the role.") % {"step": step.decider_label()},
                code="no_decider",
            )
        steps.append(step)
    _activate(steps[0], now)
    request.target = target  # the hooks act on the caller's instance, not a stale copy
    _tell_target(request, "submitted", by)
    return request


def _already_decided_error(step: ApprovalStep) -> ValidationError:
    last = step.decisions.select_related("decided_by").order_by("-decided_at", "-id").first()
    if step.request.status == ApprovalRequest.Status.WITHDRAWN:
        return ValidationError(_("The submitter has withdrawn this request."), code="withdrawn")
    if last is None:
        return ValidationError(_("This step is no longer waiting for a decision."),
                               code="not_pending")
    return ValidationError(
        _("Already decided by %(user)s at %(time)s.")
        % {"user": last.decided_by,
           "time": date_format(timezone.localtime(last.decided_at), "Y-m-d H:i:s")},
        code="already_decided",
    )


def _refusal(step: ApprovalStep, actions: StepActions) -> ValidationError:
    """Why `step_actions` refuses the decision, as the message the decider sees."""
    if actions.refusal == "not_pending":
        return _already_decided_error(step)
    if actions.refusal == "own_request":
        return ValidationError(_("You submitted this request: someone else must decide it "
                                 "(four-eyes principle)."), code="own_request")
    if actions.refusal == "own_case":
        return ValidationError(_("Nobody can decide a request that concerns himself."),
                               code="own_case")
    if actions.refusal == "already_voted":
        return ValidationError(_("You have already decided this step."), code="already_voted")
    return ValidationError(_("You are not among the people who decide this step."),
                           code="not_a_decider")


@transaction.atomic
def approval_decide(*, step: ApprovalStep, by, approve: bool, comment: str = "") -> Decision:
    """Record `by`'s decision on `step` and move the request on.

    Approve (comment optional) closes a one-of step, or an all-of / quorum step once enough
    seats agree, and activates the next step or approves the request. Reject (comment
    required) ends the round. Of two decisions made at the same moment on a step, exactly one
    is recorded: the step row is locked (PostgreSQL) and its version is bumped with a
    conditional UPDATE that the database refuses for the second one (SQLite too).
    """
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Give the reason for the rejection.")})
    fresh = (ApprovalStep.objects.select_for_update().select_related("request")
             .get(pk=step.pk))
    # The rule, on the locked step and the decisions recorded before it was locked.
    actions = step_actions(user=by, step=fresh)
    if not (actions.approve if approve else actions.reject):
        raise _refusal(fresh, actions)
    seat = actions.seat
    decided_seats = set(fresh.decisions.values_list("seat_id", flat=True))
    # The race guard, not a change of the step's data: the named unrecorded update (the
    # step's decided state is saved with history below).
    bumped = ApprovalStep.objects.filter(
        pk=fresh.pk, version=fresh.version, status=ApprovalStep.Status.PENDING
    ).update_unrecorded(version=F("version") + 1)
    if bumped != 1:
        fresh.refresh_from_db()
        raise _already_decided_error(fresh)
    fresh.version += 1
    now = timezone.now()
    decision = Decision(step=fresh, seat_id=seat, decided_by=by, comment=comment, decided_at=now,
                        outcome=Decision.Outcome.APPROVE if approve else Decision.Outcome.REJECT,
                        created_by=by)
    decision._change_reason = "approved" if approve else "rejected"
    decision.save()
    if not approve:
        _close_step(fresh, ApprovalStep.Status.REJECTED, now)
        _finish(fresh.request, ApprovalRequest.Status.REJECTED, now, by)
    elif _step_is_agreed(fresh, decided_seats | {seat}):
        _close_step(fresh, ApprovalStep.Status.APPROVED, now)
        following = fresh.request.steps.filter(status=ApprovalStep.Status.WAITING).order_by(
            "position").first()
        if following is not None:
            _activate(following, now)
        else:
            _finish(fresh.request, ApprovalRequest.Status.APPROVED, now, by)
    return decision


def _step_is_agreed(step: ApprovalStep, approving_seats: set[int]) -> bool:
    if step.mode == Mode.ONE:
        return True
    if step.mode == Mode.QUORUM:
        return len(approving_seats) >= (step.quorum or 1)
    required = set(step_deciders(step).values_list("pk", flat=True))
    return required <= approving_seats


def _close_step(step: ApprovalStep, status: str, now) -> None:
    step.status = status
    step.closed_at = now
    step._change_reason = status
    step.save()


def _finish(request: ApprovalRequest, status: str, now, by) -> None:
    """Close the round with `status`; `by` (the last decider, or the submitter withdrawing)
    is the acting user the target's protocol records."""
    for waiting in request.steps.filter(status__in=[ApprovalStep.Status.WAITING,
                                                    ApprovalStep.Status.PENDING]):
        _close_step(waiting, ApprovalStep.Status.CANCELLED, now)
    request.status = status
    request.closed_at = now
    request._change_reason = status
    request.save()
    _tell_target(request, {
        ApprovalRequest.Status.APPROVED: "approved",
        ApprovalRequest.Status.REJECTED: "rejected",
        ApprovalRequest.Status.WITHDRAWN: "withdrawn",
    }[status], by)
    if status != ApprovalRequest.Status.WITHDRAWN:
        notifications.request_finished_notice(request, by=by)
        base = site_base()
        transaction.on_commit(lambda: notifications.request_finished(request.pk, base=base))


@transaction.atomic
def approval_withdraw(*, request: ApprovalRequest, by) -> ApprovalRequest:
    """The submitter takes a pending request back; its open steps are cancelled."""
    fresh = ApprovalRequest.objects.select_for_update().get(pk=request.pk)
    # Withdrawing concerns the whole request: any of its steps carries the flag.
    step = fresh.steps.first()
    step.request = fresh
    if not step_actions(user=by, step=step).withdraw:
        if fresh.submitted_by_id != by.pk:
            raise ValidationError(_("Only the submitter can withdraw this request."),
                                  code="not_submitter")
        raise ValidationError(_("This request is no longer pending (%(status)s).")
                              % {"status": fresh.get_status_display()}, code="not_pending")
    _finish(fresh, ApprovalRequest.Status.WITHDRAWN, timezone.now(), by)
    return fresh


@transaction.atomic
def delegation_create(*, delegator, delegate, starts_on, ends_on, reason: str, by) -> Delegation:
    """Let `delegate` decide what `delegator` may decide between the two dates (inclusive)."""
    delegation = Delegation(delegator=delegator, delegate=delegate, starts_on=starts_on,
                            ends_on=ends_on, reason=reason, created_by=by)
    delegation.full_clean(exclude=["created_by"])
    if not delegate.is_active:
        raise ValidationError({"delegate": _("This user is deactivated.")})
    delegation._change_reason = "created"
    delegation.save()
    return delegation


@transaction.atomic
def delegation_revoke(*, delegation: Delegation, by) -> Delegation:
    """End a delegation now; its history keeps it."""
    if by.pk != delegation.delegator_id:
        raise ValidationError(_("Only the person who delegated can revoke the delegation."),
                              code="not_delegator")
    delegation.is_active = False
    delegation._change_reason = "revoked"
    delegation.save()
    return delegation
