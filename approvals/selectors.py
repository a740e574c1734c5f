"""Reads of the approval engine: routes resolved for an object, who may decide, the inbox."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.conditions import get_condition
from approvals.models import (
    ApprovalRequest,
    ApprovalRoute,
    ApprovalStep,
    Decider,
    Decision,
    Delegation,
    RouteStep,
)
from approvals.targets import registered_targets


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


# --- Who may decide ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Seat:
    """Someone whose vote a user may cast: themselves, or a delegator on a delegation."""

    user_id: int
    group_ids: frozenset
    department_id: int | None
    delegation: Delegation | None = None


def seats_for(user, *, on_date=None) -> list[Seat]:
    """The user's own seat and those of everyone who delegated to them for `on_date`.

    Three queries whatever the number of delegations.
    """
    if not (user and user.is_authenticated and user.is_active):
        return []
    on_date = on_date or timezone.localdate()
    memberships = get_user_model().groups.through.objects
    seats = [Seat(user.pk, frozenset(memberships.filter(user_id=user.pk)
                                     .values_list("group_id", flat=True)),
                  user.department_id)]
    delegations = list(
        Delegation.objects.filter(delegate=user, is_active=True, starts_on__lte=on_date,
                                  ends_on__gte=on_date, delegator__is_active=True)
        .select_related("delegator")
    )
    if delegations:
        groups: dict[int, set] = {}
        for user_id, group_id in memberships.filter(
                user_id__in=[d.delegator_id for d in delegations]).values_list(
                "user_id", "group_id"):
            groups.setdefault(user_id, set()).add(group_id)
        seats += [Seat(d.delegator_id, frozenset(groups.get(d.delegator_id, ())),
                       d.delegator.department_id, d) for d in delegations]
    return seats


def seat_q(seat: Seat, prefix: str = "") -> Q:
    """Steps (or rows reaching steps through `prefix`) whose deciders include `seat`."""
    p = prefix
    return (
        Q(**{f"{p}decider": Decider.ROLE, f"{p}role_id__in": seat.group_ids})
        | Q(**{f"{p}decider": Decider.DEPARTMENT_ROLE, f"{p}role_id__in": seat.group_ids,
               f"{p}department_id": seat.department_id})
        | Q(**{f"{p}decider": Decider.FIELD_USER, f"{p}user_id": seat.user_id})
    )


def seat_holds_step(seat: Seat, step: ApprovalStep) -> bool:
    """True when the seat is among the step's deciders (no query)."""
    if step.decider == Decider.ROLE:
        return step.role_id in seat.group_ids
    if step.decider == Decider.DEPARTMENT_ROLE:
        return step.role_id in seat.group_ids and step.department_id == seat.department_id
    return step.user_id == seat.user_id


def in_person_content_type_ids() -> set[int]:
    """Targets decided in person only, never through a delegation: their registered
    ApprovalTarget declares a `decider_role` (access requests and role changes, 第十一条)."""
    models = [model for model, target in registered_targets().items() if target.decider_role]
    return {ct.pk for ct in ContentType.objects.get_for_models(*models).values()}


# --- What the user may do on a step -----------------------------------------------------------
@dataclass(frozen=True)
class StepActions:
    """What a user may do on one approval step now: one flag per button (`data-action`), the
    seat a decision would be cast in, and why deciding is refused (the service's error code)."""

    approve: bool = False
    reject: bool = False
    withdraw: bool = False  # the submitter takes the step's whole pending request back
    seat: int | None = None  # whose vote a decision casts: the user's own, else a delegator's
    visible: bool = False  # a decider or delegate of the step (voted or not), or who decided
    # it, or the submitter: anyone else is told the step does not exist (404)
    refusal: str = ""  # not_pending, own_request, already_voted or not_a_decider

    @property
    def decide(self) -> bool:
        return self.approve or self.reject


def _concerns(request: ApprovalRequest) -> int | None:
    """The user the request's target is about (ApprovalTarget.concerns), or None."""
    from approvals.targets import target_for

    target = request.target
    return target_for(target).concerns(target) if target is not None else None


def step_actions(*, user, step: ApprovalStep, seats: list[Seat] | None = None) -> StepActions:
    """What `user` may do on `step` now, the engine's one rule: only a pending step of a
    pending request is decided; never by its submitter (four-eyes), nor in the submitter's seat
    through a delegation; a target decided in person (第十一条) only in the user's own seat; each
    seat votes once, the user's own first. Only the submitter withdraws, while it is pending.

    approval_decide and approval_withdraw enforce it on the locked rows; the decide view, the
    inbox and the timeline read it. The step's decisions come from its prefetch when loaded;
    `seats` (seats_for(user)) saves their queries across the rows of a page.
    """
    if not (user and user.is_authenticated):
        return StepActions()
    request = step.request
    pending = step.is_pending and request.is_pending
    if user.pk == request.submitted_by_id:
        return StepActions(withdraw=request.is_pending, visible=True,
                           refusal="own_request" if pending else "not_pending")
    seats = seats_for(user) if seats is None else seats
    decisions = [(decision.seat_id, decision.decided_by_id) for decision in step.decisions.all()]
    holding = [seat for seat in seats if seat_holds_step(seat, step)]
    visible = bool(holding) or any(decided_by == user.pk for _, decided_by in decisions)
    in_person = request.content_type_id in in_person_content_type_ids()
    if holding and in_person:
        holding = [seat for seat in holding if seat.delegation is None]  # 第十一条: in person
    voted = {seat_id for seat_id, _ in decisions}
    # A delegate never votes in the seat of the delegator who submitted the request.
    seat = next((seat.user_id for seat in holding
                 if seat.user_id != request.submitted_by_id and seat.user_id not in voted), None)
    if not pending:
        return StepActions(visible=visible, refusal="not_pending")
    if seat is None:
        return StepActions(visible=visible,
                           refusal="already_voted" if holding else "not_a_decider")
    if in_person and _concerns(request) == seat:  # nobody decides his own case (第十二条)
        return StepActions(visible=visible, refusal="own_case")
    return StepActions(approve=True, reject=True, seat=seat, visible=visible)


def steps_awaiting(user, *, on_date=None, seats: list[Seat] | None = None) -> QuerySet:
    """Pending steps the user may decide now, for themselves or a delegator, filtered in the
    database by the rule of `step_actions`: never their own request (four-eyes), never a seat
    that already voted, never a delegator's seat on the delegator's own request, nor on a
    target decided in person. `seats` (seats_for(user)) saves their queries when known."""
    seats = seats_for(user, on_date=on_date) if seats is None else seats
    if not seats:
        return ApprovalStep.objects.none()
    in_person = in_person_content_type_ids()
    condition = Q()
    for seat in seats:
        seat_condition = (seat_q(seat) & ~Q(request__submitted_by_id=seat.user_id)
                          & ~Q(decisions__seat_id=seat.user_id))
        if seat.delegation is not None:
            seat_condition &= ~Q(request__content_type_id__in=in_person)
        condition |= seat_condition
    return (
        ApprovalStep.objects.filter(status=ApprovalStep.Status.PENDING,
                                    request__status=ApprovalRequest.Status.PENDING)
        .filter(condition)
        .exclude(request__submitted_by_id=user.pk)
        .select_related("request__submitted_by", "request__content_type", "role__role",
                        "department", "user")
        .distinct()
        .order_by("due_at", "id")
    )


def step_deciders(step: ApprovalStep) -> QuerySet:
    """The active users who hold a seat on `step` (the submitter excluded: four-eyes)."""
    users = get_user_model().objects.filter(is_active=True)
    if step.decider == Decider.FIELD_USER:
        users = users.filter(pk=step.user_id)
    else:
        users = users.filter(groups=step.role_id)
        if step.decider == Decider.DEPARTMENT_ROLE:
            users = users.filter(department_id=step.department_id)
    return users.exclude(pk=step.request.submitted_by_id).distinct()


def step_recipients(step: ApprovalStep, *, on_date=None) -> QuerySet:
    """Who is told that the step waits: its deciders and their delegates of the day."""
    on_date = on_date or timezone.localdate()
    deciders = step_deciders(step)
    delegates = Delegation.objects.filter(
        delegator__in=deciders, is_active=True, starts_on__lte=on_date, ends_on__gte=on_date
    ).values("delegate_id")
    return get_user_model().objects.filter(
        Q(pk__in=deciders.values("pk")) | Q(pk__in=delegates), is_active=True
    ).exclude(pk=step.request.submitted_by_id)


def decisions_by(user) -> QuerySet:
    """The user's own past decisions (已办), newest first."""
    return (
        Decision.objects.filter(decided_by=user)
        .select_related("step__request__content_type", "step__request__submitted_by",
                        "step__role__role", "step__department", "seat")
        .order_by("-decided_at", "-id")
    )


def requests_for(target) -> QuerySet:
    """Every round of approval of `target`, oldest first, with steps and decisions."""
    from django.db.models import Prefetch

    return (
        ApprovalRequest.objects.filter(content_type=ContentType.objects.get_for_model(target),
                                       object_id=target.pk)
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch("steps", ApprovalStep.objects.select_related("role__role", "department",
                                                                  "user")),
            Prefetch("steps__decisions", Decision.objects.select_related("decided_by", "seat")),
        )
        .order_by("round")
    )


def pending_request_for(target) -> ApprovalRequest | None:
    return ApprovalRequest.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk,
        status=ApprovalRequest.Status.PENDING,
    ).first()


def inbox_count(user) -> int:
    """How many steps wait for the user (the navigation badge)."""
    return steps_awaiting(user).count()


def step_for_decider_or_404(user, pk: int) -> ApprovalStep:
    """A step `step_actions` shows to the user (a decider or delegate of it, voted or not,
    who decided it, or its submitter), else 404: a non-decider cannot tell a step they may not
    decide from one that does not exist."""
    step = (ApprovalStep.objects.select_related("request", "role__role", "department", "user")
            .filter(pk=pk).first())
    if step is None or not step_actions(user=user, step=step).visible:
        raise Http404
    return step
