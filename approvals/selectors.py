"""Reads of the approval engine: what a user may do on a step, the inbox, a target's rounds.
Route resolution (approvals.routing) and the seats (approvals.seats) are re-exported here."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from approvals.models import ApprovalRequest, ApprovalStep, Decider, Decision, Delegation
from approvals.routing import ResolvedRoute as ResolvedRoute  # re-exported
from approvals.routing import ResolvedStep as ResolvedStep
from approvals.routing import route_resolve as route_resolve
from approvals.seats import Seat as Seat
from approvals.seats import in_person_content_type_ids, seats_for
from approvals.seats import seat_holds_step as seat_holds_step
from approvals.seats import seat_q as seat_q
from core import frame
from core.navigation import BADGE_CAP


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


def steps_awaiting(user, *, on_date=None) -> QuerySet:
    """Pending steps the user may decide now, for themselves or a delegator, filtered in the
    database by the rule of `step_actions`: never their own request (four-eyes), never a seat
    that already voted, never a delegator's seat on the delegator's own request, nor on a
    target decided in person. For a page of them, `inbox_steps` reads narrower."""
    sql, params = _awaiting_sql(user, on_date=on_date)
    return (
        ApprovalStep.objects.filter(pk__in=RawSQL(sql, params))
        .select_related("request__submitted_by", "request__content_type", "role__role",
                        "department", "user")
        .order_by("due_at", "id")
    )


def _awaiting_sql(user, *, on_date=None, content_type_id=None, due_before=None,
                  columns: str = "s.id", top: int | None = None) -> tuple[str, list]:
    """`steps_awaiting` as SQL selecting `columns` of the steps `s`: per seat of the user
    (`seats_for`, no query), a narrow arm by role (in the seat's department for a department
    role) and one by name, each served by a partial index on the pending steps; a UNION of
    them for several seats. With `top`, each arm gives only its first `top` steps in
    (due_at, id) order (a walk of its index that stops there), enough for the first `top`
    steps of the whole union; `columns` then name `s.id` and `s.due_at`. Hand-written because
    the badge runs it on every page: composing the earlier ORM query (a DISTINCT over wide
    joined rows) and planning it cost more than running it."""
    seats = seats_for(user, on_date=on_date)
    step = ApprovalStep._meta.db_table
    if not seats:
        return f"SELECT {columns} FROM {step} s WHERE 1 = 0", []
    me, role, department_role = user.pk, Decider.ROLE, Decider.DEPARTMENT_ROLE
    # What the step's request must be is asked per step, by the request's key, in a scalar
    # subquery: PostgreSQL never flattens one into a join, so an arm reads a request only for
    # a step it reaches. As a join (or EXISTS), it hashed every pending request first: 9 ms
    # on every page of a director with 10,000 waiting steps, for a badge that counts 100.
    of_request = ["r.status = %s", "r.submitted_by_id <> %s"]
    of_request_params = [ApprovalRequest.Status.PENDING, me]
    if content_type_id is not None:
        of_request.append("r.content_type_id = %s")
        of_request_params.append(content_type_id)
    common = f"SELECT {columns} FROM {step} s WHERE s.status = %s"
    common_params = [ApprovalStep.Status.PENDING]
    if due_before is not None:
        common += " AND s.due_at < %s"
        common_params.append(connection.ops.adapt_datetimefield_value(due_before))
    in_person = sorted(in_person_content_type_ids())
    arms: list[tuple[str, list]] = []
    for seat in seats:
        asked, asked_params = list(of_request), list(of_request_params)
        if seat.user_id != me:  # never in the seat of the delegator who submitted it
            asked.append("r.submitted_by_id <> %s")
            asked_params.append(seat.user_id)
        if seat.delegation is not None and in_person:  # 第十一条: decided in person
            asked.append(f"r.content_type_id NOT IN ({_placeholders(in_person)})")
            asked_params += in_person
        where = (f"{common} AND (SELECT 1 FROM {ApprovalRequest._meta.db_table} r "
                 f"WHERE r.id = s.request_id AND {' AND '.join(asked)}) = 1")
        params = [*common_params, *asked_params]
        where += (f" AND NOT EXISTS (SELECT 1 FROM {Decision._meta.db_table} d "
                  "WHERE d.step_id = s.id AND d.seat_id = %s)")  # each seat votes once
        params.append(seat.user_id)
        if seat.group_ids:
            groups = sorted(seat.group_ids)
            department = ("s.department_id IS NULL" if seat.department_id is None
                          else "s.department_id = %s")  # as seat_q: NULL matches NULL
            arms.append((f"{where} AND s.decider IN (%s, %s) AND s.role_id IN "
                         f"({_placeholders(groups)}) AND (s.decider = %s OR {department})",
                         [*params, role, department_role, *groups, role,
                          *([] if seat.department_id is None else [seat.department_id])]))
        arms.append((f"{where} AND s.decider = %s AND s.user_id = %s",
                     [*params, Decider.FIELD_USER, seat.user_id]))
    # One seat's arms are disjoint; several seats may reach one step: UNION keeps it once.
    if top is not None:  # a subquery each: SQLite takes no ORDER BY in a compound's member
        arms = [(f"SELECT * FROM ({sql} ORDER BY s.due_at, s.id LIMIT {int(top)}) a{n}",
                 params) for n, (sql, params) in enumerate(arms)]
    union = " UNION " if len(seats) > 1 else " UNION ALL "
    return union.join(sql for sql, _ in arms), [p for _, ps in arms for p in ps]


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


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


def inbox_count(user, *, cap: int | None = BADGE_CAP) -> int:
    """How many steps wait for the user, counted up to `cap` (the navigation badge, which
    shows "99+" from BADGE_CAP on; None: all of them): a count of narrow rows over
    `LIMIT cap`, once per request. The badge's count (BADGE_CAP) is one of the frame's
    numbers (core.frame.counted): read in one query with the bell's."""
    if cap == BADGE_CAP:
        return frame.counted(user, "inbox")
    sql, params = _awaiting_sql(user, on_date=timezone.localdate())
    limit = "" if cap is None else f" LIMIT {int(cap)}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}{limit}) t", params)
        return cursor.fetchone()[0]


def badge_rows_sql(user) -> tuple[str, list]:
    """The badge's rows for core.frame.counted: the steps waiting for `user`, up to the cap."""
    sql, params = _awaiting_sql(user, on_date=timezone.localdate())
    return f"{sql} LIMIT {int(BADGE_CAP)}", params


def step_for_decider_or_404(user, pk: int) -> ApprovalStep:
    """A step `step_actions` shows to the user (a decider or delegate of it, voted or not,
    who decided it, or its submitter), else 404: a non-decider cannot tell a step they may not
    decide from one that does not exist."""
    step = (ApprovalStep.objects.select_related("request", "role__role", "department", "user")
            .filter(pk=pk).first())
    if step is None or not step_actions(user=user, step=step).visible:
        raise Http404
    return step
