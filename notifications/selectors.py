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
    per request."""
    def count() -> int:
        return (Notification.objects.filter(recipient=user, read_at__isnull=True)
                .values("pk")[:cap].count())

    return frame.memo(user, ("notifications_unread", cap), count)
