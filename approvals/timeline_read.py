"""The rounds of one record's approval as `{% approval_timeline %}` prints them, read with one
query compiled to SQL once per process (core.prepared; issue 10).

`requests_for(target)` (select_related and two prefetches) cost about a fifth of the customer
page's CPU, most of it compiling its three querysets and running the prefetch machinery. Here
one Prepared shape keyed by the target's content type and id reads the steps with their
request and decisions, and its rows are made into the instances prefetch_related makes: each
request with its submitter and its steps (`request.steps.all()`), each step with its request,
role (and the role's profile), department, named user and decisions (`step.decisions.all()`),
each decision with its step, the user who decided and the seat decided for.
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from accounts.models import Department, Role
from approvals.models import ApprovalRequest, ApprovalStep, Decision
from core.prepared import KEY, Prepared

# What the timeline reads of a user (its name, str(user)); the other columns (the password
# hash among them) stay unread and deferred.
_USER_FIELDS = frozenset({"id", "username", "first_name", "last_name", "is_active",
                          "department_id"})


@functools.cache
def _names(model, prefix: str = "") -> tuple[str, ...]:
    """The columns read of `model`, in the model's field order (Model.from_db defers the
    others)."""
    fields = model._meta.concrete_fields
    if model is get_user_model():
        fields = [field for field in fields if field.attname in _USER_FIELDS]
    return tuple(f"{prefix}{field.attname}" for field in fields)


def _models() -> list[tuple[type[Model], str]]:
    """The instances of one row, with the prefix of their columns: a step with its role (and
    the role's profile), department and named user, its request with the submitter, and one of
    its decisions (none: NULL columns) with who decided and for whom."""
    user = get_user_model()
    return [(ApprovalStep, ""), (Group, "role__"), (Role, "role__role__"),
            (Department, "department__"), (user, "user__"),
            (ApprovalRequest, "request__"), (user, "request__submitted_by__"),
            (Decision, "decisions__"), (user, "decisions__decided_by__"),
            (user, "decisions__seat__")]


def _rows(content_type, object_id):
    return ApprovalStep.objects.filter(
        request__content_type_id=content_type, request__object_id=object_id,
    ).order_by("request__round", "position", "decisions__decided_at", "decisions__id").values_list(
        *[name for model, prefix in _models() for name in _names(model, prefix)])


# Every round's steps and decisions in one query (a step without a decision: one row with the
# decision's columns NULL), in the order the prefetches gave them.
# Ten tables: PostgreSQL took longer to plan it (about 2 ms) than to run it, so it is prepared
# on the server once per session.
_TIMELINE = Prepared(_rows, kinds=(KEY, KEY), server_side=True)


def _instances(row, models) -> list[Model | None]:
    """One instance per model of `models` from its columns of `row`; None for a related row
    that is not there (a left join's NULL key)."""
    made, start = [], 0
    for model, _prefix in models:
        names = _names(model)
        values = row[start:start + len(names)]
        start += len(names)
        made.append(None if values[0] is None else model.from_db("default", names, values))
    return made


def _cache(instance, field_name: str, value) -> None:
    """`instance`'s related object `field_name` is `value` (None included), as select_related
    leaves it: read without a query."""
    instance._meta.get_field(field_name).set_cached_value(instance, value)


def _prefetched(instance, related_name: str, objects: list) -> None:
    """`instance.<related_name>.all()` gives `objects` without a query, as prefetch_related
    leaves it (django.db.models.query.prefetch_one_level)."""
    queryset = getattr(instance, related_name).get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[related_name] = queryset


def timeline_rounds(target) -> list[ApprovalRequest]:
    """Every round of approval of `target`, oldest first, with steps and decisions: what
    `approvals.selectors.requests_for(target)` gives, as a list."""
    key = (ContentType.objects.get_for_model(target).pk, target.pk)
    requests, steps, steps_of, decisions_of, models = {}, {}, {}, {}, _models()
    for row in _TIMELINE.rows(*key):
        (step, group, role, department, user, request, submitted_by, decision, decided_by,
         seat) = _instances(row, models)
        if request.pk not in requests:
            _cache(request, "submitted_by", submitted_by)
            requests[request.pk], steps_of[request.pk] = request, []
        request = requests[request.pk]
        if step.pk not in steps:
            _cache(step, "request", request)
            _cache(step, "role", group)
            if group is not None:
                Group.role.related.set_cached_value(group, role)
            _cache(step, "department", department)
            _cache(step, "user", user)
            steps[step.pk], decisions_of[step.pk] = step, []
            steps_of[request.pk].append(step)
        if decision is not None:
            _cache(decision, "step", steps[step.pk])
            _cache(decision, "decided_by", decided_by)
            _cache(decision, "seat", seat)
            decisions_of[step.pk].append(decision)
    for request in requests.values():
        _prefetched(request, "steps", steps_of[request.pk])
    for step_id, step in steps.items():
        _prefetched(step, "decisions", decisions_of[step_id])
    return list(requests.values())
