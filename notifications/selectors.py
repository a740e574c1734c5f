"""Reads of the notifications: a user sees only their own (another's is a 404)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from core import frame
from core.navigation import BADGE_CAP
from notifications.models import Notification


def notification_list(*, user) -> QuerySet:
    """The user's notifications, newest first."""
    if not (user and user.is_authenticated):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-id")


def notification_get(*, user, pk: int) -> Notification:
    return get_object_or_404(notification_list(user=user), pk=pk)


def unread_count(user, *, cap: int = BADGE_CAP) -> int:
    """The bell's number: the user's unread notifications, counted up to `cap` ("99+"), once
    per request; at BADGE_CAP, one of the frame's numbers (core.frame.counted), read in one
    query with the approval badge's."""
    if cap == BADGE_CAP:
        return frame.counted(user, "notifications_unread")
    return (Notification.objects.filter(recipient=user, read_at__isnull=True)
            .values("pk")[:cap].count())


def unread_rows_sql(user) -> tuple[str, list]:
    """The bell's rows for core.frame.counted: the unread notifications of `user` (the partial
    index notifications_unread), up to the cap."""
    return (f"SELECT id FROM {Notification._meta.db_table} "
            f"WHERE recipient_id = %s AND read_at IS NULL LIMIT {int(BADGE_CAP)}", [user.pk])
