"""Writes of the notifications: created once per event and recipient, marked read."""

from collections.abc import Iterable

from django.utils import timezone

from notifications.models import Notification


def notify(*, recipients: Iterable, kind: str, event_key: str, subject: str = "",
           url: str = "", by=None) -> int:
    """Tell each of `recipients` (users or user ids) of the event `event_key` once: a second
    call for the same event and recipient writes nothing (the database's unique pair). Runs
    in the caller's transaction, so a notice exists exactly when its event was committed.
    Returns the number of recipients asked."""
    ids = sorted({getattr(user, "pk", user) for user in recipients if user is not None})
    if not ids:
        return 0
    Notification.objects.bulk_create(
        [Notification(recipient_id=pk, kind=kind, event_key=event_key[:120],
                      subject=str(subject or "")[:200], url=(url or "")[:300],
                      created_by=by if getattr(by, "pk", None) else None) for pk in ids],
        ignore_conflicts=True)
    return len(ids)


def notification_mark_read(*, notification: Notification, by) -> Notification:
    """The recipient has read it (the first reading is kept)."""
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, recipient=by,
                                    read_at__isnull=True).update_unrecorded(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, by) -> int:
    """Every unread notification of `by` is read now; returns how many."""
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update_unrecorded(
        read_at=timezone.now())
