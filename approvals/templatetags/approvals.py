"""{% approval_timeline obj %} and {% approval_route_preview obj %} for any object page."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from approvals.models import ApprovalRequest, ApprovalStep, Decision, Mode
from approvals.selectors import StepActions, route_resolve, step_actions
from approvals.timeline_read import timeline_rounds
from core.jinja import csrf_field

register = template.Library()

# The badge colour of a request's or a step's status; the statuses are named once, here and on
# the models, never as literals in the timeline template.
_BADGES = {
    ApprovalRequest.Status.APPROVED: "text-bg-success",
    ApprovalRequest.Status.REJECTED: "text-bg-danger",
    ApprovalRequest.Status.PENDING: "text-bg-primary",
    ApprovalStep.Status.APPROVED: "text-bg-success",
    ApprovalStep.Status.REJECTED: "text-bg-danger",
    ApprovalStep.Status.PENDING: "text-bg-primary",
}


def status_badge(record, default: str = "text-bg-secondary") -> str:
    """The Bootstrap badge class for an approval request's or step's status."""
    return _BADGES.get(record.status, default)


def _label(choices, value) -> str:
    """The translated label of `value` among `choices` (a TextChoices), else the value."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _moment(value) -> str:
    """A moment as the timeline prints it (Y-m-d H:i, Asia/Shanghai), "" for none."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _timeline_step(step: ApprovalStep, now) -> dict:
    due = step.is_pending and step.due_at is not None
    return {
        "pk": step.pk,
        "decider": step.decider_label(),
        "mode": _label(Mode, step.mode),
        "quorum": step.quorum if step.mode == Mode.QUORUM else None,
        "badge": status_badge(step, "text-bg-light"),
        "status": _label(ApprovalStep.Status, step.status),
        "due": _moment(step.due_at) if due else "",
        "overdue": due and step.is_overdue(now),
        "decisions": [{
            "at": _moment(decision.decided_at),
            "by": str(decision.decided_by),
            "on_behalf": (_("on behalf of %(seat)s") % {"seat": decision.seat}
                          if decision.is_delegated else ""),
            "approved": decision.outcome == Decision.Outcome.APPROVE,
            "outcome": _label(Decision.Outcome, decision.outcome),
            "comment": decision.comment,
        } for decision in step.decisions.all()],
    }


@register.simple_tag(takes_context=True)
def approval_timeline(context, target) -> SafeString:
    """Every round, every step with its decisions, and the steps still to come; under them the
    buttons `step_actions` allows the current user on the waiting step (approve, reject,
    withdraw), each marked `data-action`. Printed by the Jinja2 template
    approvals/timeline.html from values computed here."""
    request = context.get("request")
    user = getattr(request, "user", None)
    rounds = timeline_rounds(target)
    current_step = None
    if rounds and rounds[-1].is_pending:
        current_step = next((step for step in rounds[-1].steps.all() if step.is_pending), None)
    actions = (step_actions(user=user, step=current_step) if current_step is not None
               else StepActions())
    now = timezone.now()
    values = {
        "rounds": [{
            "title": _("Round %(round)s") % {"round": approval.round},
            "submitted": _("submitted by %(user)s at %(when)s") % {
                "user": approval.submitted_by, "when": _moment(approval.submitted_at)},
            "pending": approval.is_pending,
            "badge": status_badge(approval),
            "status": _label(ApprovalRequest.Status, approval.status),
            "comment": approval.comment,
            "steps": [_timeline_step(step, now) for step in approval.steps.all()],
        } for approval in rounds],
        "latest": rounds[-1].pk if rounds else None,
        "current_step": ({"pk": current_step.pk, "decider": current_step.decider_label()}
                         if current_step is not None else None),
        "actions": actions,
        "next": request.get_full_path() if request else "",
        "csrf": csrf_field(context),  # the page's one masked token
    }
    return mark_safe(render_to_string("approvals/timeline.html", values,  # noqa: S308
                                      request=request, using="jinja2"))


@register.inclusion_tag("approvals/includes/route_preview.html")
def approval_route_preview(target):
    """Which roles will approve `target` if it is submitted now, and why."""
    return {"resolved": route_resolve(target, strict=False)}
