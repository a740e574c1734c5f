"""What a page offers: the `data-action` values of its buttons, and the buttons the approval
timeline included in every record's page adds (step_actions on the waiting step)."""

import re

from approvals.selectors import pending_request_for, step_actions

DATA_ACTION = re.compile(r'data-action="([a-z_]+)"')


def timeline_allowed(user, record) -> set[str]:
    """The buttons of the page's approval timeline: step_actions on the waiting step."""
    request = pending_request_for(record)
    step = next((s for s in request.steps.all() if s.is_pending), None) if request else None
    actions = step_actions(user=user, step=step) if step else None
    return {name for name in ("approve", "reject", "withdraw") if getattr(actions, name, False)}
