"""The approval engine's tiles on the home page (core.home): steps waiting for the user and
those past their time limit; `count_awaiting` narrows them for other apps' tiles (one type)."""

from django.db import connection
from django.utils import timezone

from approvals.selectors import _awaiting_sql, inbox_count
from core.home import CAP


def count_awaiting(user, **narrow) -> int:
    """Steps waiting for the user, narrowed as the inbox's filters (content_type_id,
    due_before), counted up to core.home.CAP in one query."""
    sql, params = _awaiting_sql(user, on_date=timezone.localdate(), **narrow)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT {int(CAP)}) t", params)
        return cursor.fetchone()[0]


def waiting(user) -> int:
    """Steps waiting for the user's decision (the navigation badge's count, read once)."""
    return inbox_count(user)


def overdue(user) -> int:
    """Waiting steps past their time limit: the inbox's "overdue only" filter."""
    return count_awaiting(user, due_before=timezone.now())
