"""Who may decide approval steps: a user's seats (their own, and those of the day's
delegators), read with the user's roles in the page frame's one query; re-exported from
approvals.selectors."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from accounts.models import ROLE_ROW_COLUMNS, role_rows_from, role_rows_query
from approvals.models import ApprovalRequest, ApprovalStep, Decider, Decision, Delegation
from approvals.targets import registered_targets
from core import frame

# The seats and the inbox count (approvals.selectors) are read from these: a write of one
# forgets the memos of the request (core.frame).
frame.watch(ApprovalRequest, ApprovalStep, Decision, Delegation)


@dataclass(frozen=True)
class Seat:
    """Someone whose vote a user may cast: themselves, or a delegator on a delegation."""

    user_id: int
    group_ids: frozenset
    department_id: int | None
    delegation: Delegation | None = None


def seats_for(user, *, on_date=None) -> list[Seat]:
    """The user's own seat and those of everyone who delegated to them for `on_date`, the
    delegators' in the delegations' order (latest start first).

    No query of its own for today: the page frame reads the user's role groups and today's
    delegations in one query (`roles_and_seats`), once per request; another day, one query.
    """
    if not (user and user.is_authenticated and user.is_active):
        return []
    on_date = on_date or timezone.localdate()
    own = Seat(user.pk, user.role_group_ids, user.department_id)  # reads the frame
    return [own, *frame.memo(user, ("delegated_seats", on_date), lambda: _seats_from(
        user, _fetch(*_delegations_query(user, on_date))))]


def roles_and_seats(user) -> list:
    """The page frame's one query: the user's role rows (accounts.User.role_codes, roles(),
    provided to core.frame as "role_rows") and today's delegations to the user with each
    delegator's groups, kept as the user's delegated seats for `seats_for`."""
    today = timezone.localdate()
    role_sql, role_params = role_rows_query(user.pk)
    seat_sql, seat_params = _delegations_query(user, today)
    width = len(ROLE_ROW_COLUMNS)
    rows = _fetch(f"SELECT 0, t.*, {_nulls(len(_DELEGATION_COLUMNS))} FROM ({role_sql}) t "
                  f"UNION ALL SELECT 1, {_nulls(width)}, d.* FROM ({seat_sql}) d",
                  [*role_params, *seat_params])
    frame.prime(user, ("delegated_seats", today),
                _seats_from(user, [row[1 + width:] for row in rows if row[0] == 1]))
    return role_rows_from([row[1:1 + width] for row in rows if row[0] == 0])


_DELEGATION_COLUMNS = ("d.id", "d.delegator_id", "u.department_id", "d.starts_on", "m.group_id")


def _delegations_query(user, on_date) -> tuple[str, list]:
    """Delegations to `user` in force on `on_date` from active delegators, one row per group
    of the delegator (one with a NULL group for none): _DELEGATION_COLUMNS."""
    people = get_user_model()
    return (f"SELECT {', '.join(_DELEGATION_COLUMNS)} FROM {Delegation._meta.db_table} d "
            f"JOIN {people._meta.db_table} u ON u.id = d.delegator_id "
            f"LEFT JOIN {people.groups.through._meta.db_table} m ON m.user_id = d.delegator_id "
            "WHERE d.delegate_id = %s AND d.is_active = %s "
            "AND d.starts_on <= %s AND d.ends_on >= %s AND u.is_active = %s",
            [user.pk, True, *[connection.ops.adapt_datefield_value(on_date)] * 2, True])


def _seats_from(user, rows) -> list[Seat]:
    """Seats from rows of `_delegations_query`, latest start first (Delegation's ordering)."""
    found: dict[int, tuple] = {}
    for pk, delegator, department, starts_on, group in rows:
        found.setdefault(pk, (starts_on, delegator, department, set()))[3].update(
            {group} - {None})
    return [Seat(delegator, frozenset(groups), department,
                 Delegation.from_db(connection.alias, ["id", "delegator_id", "delegate_id"],
                                    (pk, delegator, user.pk)))
            for pk, (_, delegator, department, groups) in sorted(
                found.items(), key=lambda item: (item[1][0], item[0]), reverse=True)]


def _nulls(count: int) -> str:
    return ", ".join(["NULL"] * count)


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
