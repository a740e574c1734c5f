"""{% approval_timeline obj %} and {% approval_route_preview obj %} for any object page."""

from django import template

from approvals.models import ApprovalRequest, ApprovalStep
from approvals.selectors import StepActions, route_resolve, step_actions
from approvals.timeline_read import timeline_rounds

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


@register.filter
def status_badge(record, default: str = "text-bg-secondary") -> str:
    """The Bootstrap badge class for an approval request's or step's status."""
    return _BADGES.get(record.status, default)


@register.inclusion_tag("approvals/includes/timeline.html", takes_context=True)
def approval_timeline(context, target):
    """Every round, every step with its decisions, and the steps still to come; under them the
    buttons `step_actions` allows the current user on the waiting step (approve, reject,
    withdraw), each marked `data-action`."""
    request = context.get("request")
    user = getattr(request, "user", None)
    rounds = timeline_rounds(target)
    current_step = None
    if rounds and rounds[-1].is_pending:
        current_step = next((step for step in rounds[-1].steps.all() if step.is_pending), None)
    actions = (step_actions(user=user, step=current_step) if current_step is not None
               else StepActions())
    return {
        "rounds": rounds,
        "latest": rounds[-1] if rounds else None,
        "current_step": current_step,
        "actions": actions,
        "next": request.get_full_path() if request else "", "request": request,
    }


@register.inclusion_tag("approvals/includes/route_preview.html")
def approval_route_preview(target):
    """Which roles will approve `target` if it is submitted now, and why."""
    return {"resolved": route_resolve(target, strict=False)}
