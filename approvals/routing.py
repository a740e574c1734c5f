"""Route resolution: the steps an object would go through if it were submitted now.

Read by the engine when it freezes a request (approvals.services.approval_submit) and by the
route preview; re-exported from approvals.selectors.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from approvals.conditions import get_condition
from approvals.models import ApprovalRoute, Decider, RouteStep


# --- Route resolution ---------------------------------------------------------------------
@dataclass
class ResolvedStep:
    """A route step as it would be frozen for one object: deciders resolved from the target."""

    step: RouteStep
    route: ApprovalRoute
    department: object = None
    user: object = None

    def label(self) -> str:
        base = self.step.decider_label()
        if self.step.decider == Decider.DEPARTMENT_ROLE and self.department is not None:
            return f"{base}（{self.department}）"
        if self.step.decider == Decider.FIELD_USER and self.user is not None:
            return self.step.label or str(self.user)
        return base


@dataclass
class ResolvedRoute:
    steps: list[ResolvedStep] = field(default_factory=list)
    matched: list[dict] = field(default_factory=list)  # {"route": name, "condition": label}

    @property
    def needs_approval(self) -> bool:
        return bool(self.steps)


def _follow(obj, path: str):
    """The value at a dotted path (`created_by.department`), calling callables on the way."""
    value = obj
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part, None)
        if callable(value) and not hasattr(value, "_meta"):
            value = value()
    return value


def route_resolve(target, *, strict: bool = True) -> ResolvedRoute:
    """The steps `target` would go through now: every active route of its model whose
    condition holds, steps merged in ascending rank, a decider appearing twice kept once.

    With `strict`, a step whose department or user cannot be read from the target raises a
    ValidationError naming the step and the field; without it (route preview) it stays empty.
    """
    content_type = ContentType.objects.get_for_model(target)
    routes = list(
        ApprovalRoute.objects.filter(target=content_type, is_active=True)
        .prefetch_related("steps__role__role")
        .order_by("id")
    )
    resolved = ResolvedRoute()
    candidates = []
    for route in routes:
        condition = get_condition(route.condition)
        if not condition.test(target):
            continue
        resolved.matched.append({"route": route.name, "condition": str(condition.label)})
        candidates.extend((step, route) for step in route.steps.all() if step.is_active)
    candidates.sort(key=lambda pair: (pair[0].rank, pair[1].pk, pair[0].pk))
    seen = set()
    for step, route in candidates:
        if step.decider_key() in seen:
            continue
        seen.add(step.decider_key())
        item = ResolvedStep(step=step, route=route)
        if step.decider == Decider.DEPARTMENT_ROLE:
            item.department = _follow(target, step.department_field)
            if item.department is None and strict:
                raise ValidationError(
                    _("The approval step “%(step)s” needs a department from “%(field)s”, "
                      "which is empty on this record.")
                    % {"step": step.decider_label(), "field": step.department_field},
                    code="no_department",
                )
        elif step.decider == Decider.FIELD_USER:
            item.user = _follow(target, step.user_field)
            if item.user is None and strict:
                raise ValidationError(
                    _("The approval step “%(step)s” needs a person from “%(field)s”, "
                      "which is empty on this record.")
                    % {"step": step.decider_label(), "field": step.user_field},
                    code="no_user",
                )
        resolved.steps.append(item)
    return resolved
