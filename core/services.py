"""Writes every app's services share."""

from django.db.models import Model


def save_recorded(obj: Model, reason: str, by) -> None:
    """Validate and save `obj`, its history row naming `by` and `reason` (simple-history reads
    both at save time; setting them here keeps every service's audit trail the same)."""
    obj.full_clean()
    obj._change_reason = reason
    obj._history_user = by
    obj.save()
