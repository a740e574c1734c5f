"""Who sees which corrective/preventive action (issue 12, part 7), and the permission-scoped
reads of the actions and the required levels.

An action is seen by the office and the general manager (every action), by the head and the
staff of its owner department, and by its owner (who reports the work done). Anyone else is
told it does not exist (404). The required levels are seen by the office and the GM; only the
GM sets them.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.roles import GM
from complaints.selectors import complaint_list
from complaints.surveys.models import CorrectiveAction, Dimension, SatisfactionTarget
from complaints.surveys.selectors.access import (
    headed_department_ids,
    reaches_surveys,
    runs_surveys,
    sees_all_surveys,
)

_RELATED = ("owner_department", "owner", "report")


def action_visible_q(user) -> Q | None:
    """The visibility rule as one condition; None means every action."""
    if sees_all_surveys(user):
        return None
    departments = set(headed_department_ids(user))
    if user.department_id is not None:
        departments.add(user.department_id)
    return Q(owner=user) | Q(owner_department_id__in=departments)


def overdue_q(today=None) -> Q:
    """Open actions past their due date (CorrectiveAction.is_overdue in the database)."""
    return Q(status__in=CorrectiveAction.OPEN, due_on__lt=today or timezone.localdate())


def action_list(
    *,
    user,
    status: str | None = None,
    department=None,
    overdue: bool | None = None,
    source: str | None = None,
    mine: bool = False,
) -> QuerySet:
    """The actions `user` may open, with the list page's optional filters (`mine`: the actions
    `user` owns)."""
    if not (user and user.is_authenticated and user.is_active):
        return CorrectiveAction.objects.none()
    queryset = CorrectiveAction.objects.select_related(*_RELATED)
    condition = action_visible_q(user)
    if condition is not None:
        queryset = queryset.filter(condition)
    filters = {"status": status, "owner_department": department, "source": source}
    queryset = queryset.filter(
        **{key: value for key, value in filters.items() if value not in (None, "")}
    )
    if mine:
        queryset = queryset.filter(owner=user)
    if overdue is not None:
        queryset = queryset.filter(overdue_q()) if overdue else queryset.exclude(overdue_q())
    return queryset


def action_get(*, user, pk) -> CorrectiveAction:
    """The action, if `user` may see it; Http404 otherwise."""
    try:
        return action_list(user=user).get(pk=pk)
    except (CorrectiveAction.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc


def reaches_actions(user) -> bool:
    """Whether the action list exists for `user`: the surveys' readers (office, GM, department
    heads), and anyone who sees an action (its owner, its department's staff)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if reaches_surveys(user):
        return True
    return CorrectiveAction.objects.filter(action_visible_q(user)).exists()


def may_open_actions(user) -> bool:
    """Opening an action by hand (from a complaint trend): the office."""
    return runs_surveys(user)


def complaints_for_linking(*, user) -> QuerySet:
    """The complaints `user` may link to an action: those he sees (complaints.selectors)."""
    return complaint_list(user=user).order_by("-received_at", "-id")


def action_linked_complaints(*, user, action: CorrectiveAction) -> list:
    """The action's complaints: (complaint, visible to `user`) pairs. The complaint page
    enforces its own access; a complaint the user may not open is shown by number only."""
    linked = list(action.complaints.order_by("number"))
    visible = set(
        complaint_list(user=user).filter(pk__in=[c.pk for c in linked]).values_list("pk", flat=True)
    )
    return [(complaint, complaint.pk in visible) for complaint in linked]


# The required levels


def sees_targets(user) -> bool:
    return sees_all_surveys(user)


def may_set_targets(user) -> bool:
    return bool(user and user.is_authenticated and GM in user.role_codes)


def target_rows() -> list[dict]:
    """One row per required level and per dimension of the questionnaires without one: the
    dimension code ("" = overall), its name (from the newest questionnaire naming it) and the
    target (None when not set)."""
    targets = {target.dimension_code: target for target in SatisfactionTarget.objects.all()}
    names: dict[str, str] = {}
    for code, name in Dimension.objects.order_by("questionnaire__version", "order").values_list(
        "code", "name"
    ):
        names[code] = name
    codes = ["", *names, *sorted(code for code in targets if code and code not in names)]
    return [
        {"code": code, "name": names.get(code, code), "target": targets.get(code)} for code in codes
    ]
