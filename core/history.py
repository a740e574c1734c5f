"""Field-level differences of a record's simple-history rows, for the history partial.

Old and new values of identifying fields (the model's IDENTIFYING_FIELDS, core.text) are
masked unless the caller says the reader has full rights: history is where a changed ID or
phone number would otherwise surface in full (issue 8, point 4).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.reasons import reason_label
from core.text import mask_field_value


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime
    user: object
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


_KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def _display(record, field_name: str, value) -> str:
    """A value as a person reads it: choice labels, related objects' names, '—' for empty."""
    if value in (None, ""):
        return "—"
    try:
        model_field = record.instance_type._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a field gone from the model keeps its raw value
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(model_field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    return str(value)


def history_entries(obj, *, full: bool = False, limit: int = 200) -> list[HistoryEntry]:
    """The record's history, newest first, each entry with the fields it changed.

    Identifying fields are masked unless `full` (the reader's Access.full, or equal rights).

    Two queries (the history rows with their users, then nothing per row except for changed
    foreign keys, whose names are looked up only when they changed).
    """
    records = list(obj.history.select_related("history_user").order_by("-history_date",
                                                                         "-history_id")[:limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        older = records[index + 1] if index + 1 < len(records) else None
        entry = HistoryEntry(
            at=record.history_date,
            user=record.history_user,
            kind=str(_KINDS.get(record.history_type, record.history_type)),
            reason=reason_label(record.history_change_reason or ""),
        )
        if older is not None and record.history_type == "~":
            delta = record.diff_against(older)
            for change in delta.changes:
                model_field = record.instance_type._meta.get_field(change.field)
                old, new = change.old, change.new
                if not full:
                    old = mask_field_value(record.instance_type, change.field, old)
                    new = mask_field_value(record.instance_type, change.field, new)
                entry.changes.append(FieldChange(
                    field=change.field,
                    label=str(getattr(model_field, "verbose_name", change.field)),
                    old=_display(record, change.field, old),
                    new=_display(record, change.field, new),
                ))
        entries.append(entry)
    return entries
