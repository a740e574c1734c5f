"""Corrections of an account (issue 13, point 8) and the changes of its status: a meter, an
appliance or an alarm entered by mistake is corrected, or voided with a reason (never
deleted: the row stays, struck through, its history kept); an account is suspended, resumed,
marked long unused or removed with a reason kept in its history (第八条)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import save_recorded
from customers.models import Alarm, Appliance, GasAccount, Meter
from customers.selectors import ACCOUNT_STATUS_ACTIONS, account_may_move
from customers.services.common import require_editor

# The reason goes into the history row's change reason (100 characters) after a short prefix.
MAX_REASON_LENGTH = 80
# The fields a correction may change, per kind of entry (the account's forms' fields).
CORRECTABLE = {
    Meter: ("number", "body_number", "kind", "spec", "manufacturer", "model", "inlet",
            "initial_reading", "seal_number", "installed_on", "produced_on", "verified_on",
            "digits", "location", "has_corrector"),
    Appliance: ("kind", "brand", "model", "quantity", "power_kw", "flame_out_protection",
                "exhaust", "location", "purchased_on", "installed_on", "service_life_years",
                "hose_type"),
    Alarm: ("brand", "model", "serial_number", "gas", "location", "installed_on",
            "replace_due_on", "valve_brand", "valve_model", "valve_size", "networked"),
}


def _reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({"reason": _("Keep the reason to %(max)s characters.")
                               % {"max": MAX_REASON_LENGTH}})
    return reason


def _require_correctable(entry, by) -> None:
    """The writer of the account's customer, on an account not removed, an entry not void."""
    require_editor(entry.account.customer, by)
    if entry.account.is_removed:
        raise ValidationError(_("The account is removed: its entries can no longer change."),
                              code="account_removed")
    if entry.is_void:
        raise ValidationError(_("This entry is void: it can no longer change."), code="void")


@transaction.atomic
def entry_correct(*, entry: Meter | Appliance | Alarm, by, **fields):
    """Correct the fields of a meter, an appliance or an alarm entered by mistake; the former
    values stay in its history."""
    entry = type(entry).objects.select_for_update().select_related("account__customer").get(
        pk=entry.pk)
    _require_correctable(entry, by)
    unknown = set(fields) - set(CORRECTABLE[type(entry)])
    if unknown:
        raise ValidationError(_("These fields cannot be corrected: %(fields)s")
                              % {"fields": "、".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(entry, name, value)
    save_recorded(entry, "corrected", by)
    return entry


@transaction.atomic
def entry_void(*, entry: Meter | Appliance | Alarm, by, reason: str):
    """Void an entry made by mistake with the reason: the row stays (struck through on the
    account page) and counts for nothing in the account's completeness; a voided meter
    leaves service, so the right one can be entered."""
    entry = type(entry).objects.select_for_update().select_related("account__customer").get(
        pk=entry.pk)
    _require_correctable(entry, by)
    reason = _reason(reason, required=True)
    entry.is_void, entry.void_reason = True, reason
    if isinstance(entry, Meter):
        entry.is_current = False
    else:
        entry.is_active = False
    save_recorded(entry, f"voided: {reason}", by)
    return entry


@transaction.atomic
def account_set_status(*, account: GasAccount, action: str, by, reason: str) -> GasAccount:
    """停气 (suspend), 恢复 (resume), 长期不用 (mark_dormant) or 拆除 (remove) with the
    reason, kept in the account's history; removal is final and lets the customer be closed
    (销户)."""
    account = GasAccount.objects.select_for_update().select_related("customer").get(
        pk=account.pk)
    require_editor(account.customer, by)
    if action not in ACCOUNT_STATUS_ACTIONS:
        raise ValidationError(_("Unknown change of status."), code="unknown")
    reason = _reason(reason, required=action != "resume")
    if not account_may_move(account, action):
        raise ValidationError({"status": _(
            "This change is not possible while the account is “%(status)s”.")
            % {"status": account.get_status_display()}}, code="transition")
    status = ACCOUNT_STATUS_ACTIONS[action]
    account.transition("status", status)
    save_recorded(account, f"account_{status}: {reason}" if reason else f"account_{status}", by)
    return account
