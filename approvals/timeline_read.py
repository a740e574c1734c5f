"""The rounds of one record's approval as `{% approval_timeline %}` prints them, read with
queries compiled to SQL once per process (core.prepared; issue 10).

`requests_for(target)` (select_related and two prefetches) cost about a fifth of the customer
page's CPU, most of it compiling its three querysets and running the prefetch machinery. Here
the same three reads are Prepared shapes keyed by the target's content type and id, and their
rows are made into the instances prefetch_related makes: each request with its submitter and
its steps (`request.steps.all()`), each step with its request, role (and the role's profile),
department, named user and decisions (`step.decisions.all()`), each decision with its step,
the user who decided and the seat decided for. A record never submitted costs one query.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from accounts.models import Department, Role
from approvals.models import ApprovalRequest, ApprovalStep, Decision
from core.prepared import KEY, Prepared


def _names(model, prefix: str = "") -> list[str]:
    return [f"{prefix}{field.attname}" for field in model._meta.concrete_fields]


def _request_models() -> list[tuple[type[Model], str]]:
    return [(ApprovalRequest, ""), (get_user_model(), "submitted_by__")]


def _step_models() -> list[tuple[type[Model], str]]:
    return [(ApprovalStep, ""), (Group, "role__"), (Role, "role__role__"),
            (Department, "department__"), (get_user_model(), "user__")]


def _decision_models() -> list[tuple[type[Model], str]]:
    return [(Decision, ""), (get_user_model(), "decided_by__"), (get_user_model(), "seat__")]


def _columns(models) -> list[str]:
    return [name for model, prefix in models for name in _names(model, prefix)]


# Each in its model's default order, as the prefetches read them.
_REQUESTS = Prepared(lambda content_type, object_id: ApprovalRequest.objects.filter(
    content_type_id=content_type, object_id=object_id).order_by("round").values_list(
    *_columns(_request_models())), kinds=(KEY, KEY))
_STEPS = Prepared(lambda content_type, object_id: ApprovalStep.objects.filter(
    request__content_type_id=content_type, request__object_id=object_id).order_by(
    "request_id", "position").values_list(*_columns(_step_models())), kinds=(KEY, KEY))
_DECISIONS = Prepared(lambda content_type, object_id: Decision.objects.filter(
    step__request__content_type_id=content_type, step__request__object_id=object_id).order_by(
    "step_id", "decided_at", "id").values_list(*_columns(_decision_models())), kinds=(KEY, KEY))


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
    requests = []
    for row in _REQUESTS.rows(*key):
        request, submitted_by = _instances(row, _request_models())
        _cache(request, "submitted_by", submitted_by)
        requests.append(request)
    if not requests:
        return []
    steps_of = {request.pk: [] for request in requests}
    by_id = {request.pk: request for request in requests}
    steps = {}
    for row in _STEPS.rows(*key):
        step, group, role, department, user = _instances(row, _step_models())
        _cache(step, "request", by_id[step.request_id])
        _cache(step, "role", group)
        if group is not None:
            Group.role.related.set_cached_value(group, role)
        _cache(step, "department", department)
        _cache(step, "user", user)
        steps_of[step.request_id].append(step)
        steps[step.pk] = step
    decisions_of = {step_id: [] for step_id in steps}
    for row in _DECISIONS.rows(*key):
        decision, decided_by, seat = _instances(row, _decision_models())
        _cache(decision, "step", steps[decision.step_id])
        _cache(decision, "decided_by", decided_by)
        _cache(decision, "seat", seat)
        decisions_of[decision.step_id].append(decision)
    for request in requests:
        _prefetched(request, "steps", steps_of[request.pk])
    for step_id, step in steps.items():
        _prefetched(step, "decisions", decisions_of[step_id])
    return requests
