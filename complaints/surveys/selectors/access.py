"""Who may see what of the satisfaction surveys (issue 12, part 7), decided here once.

- the company office (办公室) runs the campaigns and the corrective/preventive actions;
- the general manager sees everything and approves the report;
- a department head sees the reports distributed to his department and the actions of his
  department (`accounts.Department.head`);
- the answers are tied to customers only for the office and the GM; anyone else sees
  aggregates. Nobody else reaches the surveys at all (404).
"""

from accounts.models import Department
from accounts.roles import GM, OFFICE


def runs_surveys(user) -> bool:
    """The office: campaigns, samples, collection, the report's draft, the actions."""
    return user.is_authenticated and OFFICE in user.role_codes


def sees_all_surveys(user) -> bool:
    """The office and the general manager: every campaign, report and action."""
    return user.is_authenticated and bool({OFFICE, GM} & user.role_codes)


def sees_respondents(user) -> bool:
    """Answers tied to customers (respondent codes, names, the free text by respondent)."""
    return sees_all_surveys(user)


def headed_department_ids(user) -> frozenset[int]:
    """The departments `user` heads; one query, memoised on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_surveys_headed_departments", None)
    if cached is None:
        cached = frozenset(Department.objects.filter(head=user).values_list("pk", flat=True))
        user._surveys_headed_departments = cached
    return cached


def reaches_surveys(user) -> bool:
    """Whether the surveys exist for `user` at all (the menu entry; anything else is a 404)."""
    return sees_all_surveys(user) or bool(headed_department_ids(user))
