"""Formatting filters: money in CNY, amounts in Chinese capitals, masked identifiers, history
reasons and access-log bases in the reader's language (core.reasons)."""

from decimal import Decimal, InvalidOperation

from django import template

from core.navigation import BADGE_CAP
from core.reasons import basis_label, reason_label
from core.text import amount_in_capitals, mask_field_value, mask_id_number, mask_phone

register = template.Library()


@register.filter
def cny(value) -> str:
    """12345.6 → 12,345.60 (grouped by thousands, two decimals); empty → '—'."""
    if value in (None, ""):
        return "—"
    try:
        return f"{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(value)


@register.filter
def badge_count(value) -> str:
    """A navigation badge's count: "99+" from core.navigation.BADGE_CAP on."""
    return f"{BADGE_CAP - 1}+" if isinstance(value, int) and value >= BADGE_CAP else str(value)


@register.filter
def capitals(value) -> str:
    """An amount in Chinese capitals (大写)."""
    return amount_in_capitals(value) if value not in (None, "") else ""


register.filter("mask_id", mask_id_number)
register.filter("mask_phone", mask_phone)
register.filter("reason_label", reason_label)
register.filter("basis_label", basis_label)


@register.simple_tag
def identifier(record, field_name: str, full: bool) -> str:
    """`{% identifier customer "tax_number" access.full %}`: the field in full for a reader with
    full rights, masked by its declared kind (the model's IDENTIFYING_FIELDS) otherwise."""
    value = getattr(record, field_name, "") or ""
    return value if full else mask_field_value(type(record), field_name, value)
