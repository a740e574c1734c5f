"""Writes of gas accounts: opening (开户), first ignition, transfer of ownership (过户), meters,
appliances and alarms (第七条–第八条)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.reasons import reason as reason_code
from core.sequences import next_number
from core.services import save_recorded
from customers.models import Alarm, Appliance, Customer, GasAccount, Meter, MeterChange, Premises
from customers.selectors import account_open_problems, customer_writer
from customers.services.common import require_editor

# 第十一条: a second record named by the user (the new owner of a transfer) must be one the user
# writes; "not yours" and "no such number" read the same, so the answer is no oracle.
TRANSFER_TARGET_ERROR = gettext_lazy(
    "New customer's number: no customer of yours has this number.")


@transaction.atomic
def account_open(*, customer: Customer, premises: Premises | None, notice, use_class, by,
                 opened_on=None, meter: dict | None = None, appliances=(),
                 alarm: dict | None = None) -> GasAccount:
    """开户 (第七条–第八条): refuses with every missing piece listed; meter, appliances and
    alarm may follow later (the account is incomplete until they are entered)."""
    require_editor(customer, by)
    problems = account_open_problems(customer=customer, premises=premises, notice=notice,
                                     use_class=use_class)
    if problems:
        raise ValidationError(problems, code="cannot_open")
    year = timezone.localdate().year
    account = GasAccount(customer=customer, premises=premises, delivery_notice=notice,
                         use_class=use_class, opened_by=by, created_by=by,
                         opened_on=opened_on or timezone.localdate())
    account.number = f"{year}{next_number('HH', year):06d}"
    save_recorded(account, "opened", by)
    if meter:
        meter_install(account=account, by=by, **meter)
    for appliance in appliances:
        appliance_add(account=account, by=by, **appliance)
    if alarm:
        alarm_add(account=account, by=by, **alarm)
    return account


@transaction.atomic
def account_ignite(*, account: GasAccount, by, on: datetime.date | None = None) -> GasAccount:
    """First ignition (通气/开栓): the account becomes normal; it needs its meter first, and
    happens once."""
    require_editor(account.customer, by)
    if not account.awaits_ignition:
        raise ValidationError(_("The first ignition of this account is already recorded."),
                              code="already_ignited")
    if not account.meters.filter(is_current=True).exists():
        raise ValidationError(_("Enter the meter before the first ignition."), code="no_meter")
    account.first_ignition_on = on or timezone.localdate()
    account.first_ignition_by = by
    account.transition("status", GasAccount.Status.NORMAL)
    save_recorded(account, "first_ignition", by)
    return account


@transaction.atomic
def account_transfer(*, account: GasAccount, to_customer: Customer, by,
                     reason: str) -> GasAccount:
    """过户: the account moves to another customer that `by` also writes (responsible staff,
    custodian or registrant of both); history keeps the old link."""
    require_editor(account.customer, by)
    if not customer_writer(user=by, customer=to_customer):
        raise ValidationError({"to_customer": TRANSFER_TARGET_ERROR})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the transfer.")})
    if to_customer.pk == account.customer_id:
        raise ValidationError({"to_customer": _("The account already belongs to this customer.")})
    if to_customer.is_closed:
        raise ValidationError({"to_customer": _("The new customer is closed.")})
    account.customer = to_customer
    save_recorded(account, reason_code("ownership_transferred", reason), by)
    return account


@transaction.atomic
def meter_install(*, account: GasAccount, by, **fields) -> Meter:
    require_editor(account.customer, by)
    if account.meters.filter(is_current=True).exists():
        raise ValidationError(_("The account already has a meter in service: record a meter "
                                "change instead."), code="meter_exists")
    meter = Meter(account=account, created_by=by, is_current=True, **fields)
    save_recorded(meter, "installed", by)
    return meter


@transaction.atomic
def meter_change(*, account: GasAccount, by, old_final_reading, reason: str,
                 changed_on=None, **new_meter) -> MeterChange:
    """换表: retire the current meter with its final reading, install the new one."""
    require_editor(account.customer, by)
    old = account.meters.select_for_update().filter(is_current=True).first()
    if old is None:
        raise ValidationError(_("The account has no meter in service to change."))
    if old_final_reading < old.initial_reading:
        raise ValidationError({"old_final_reading": _(
            "The final reading is below the old meter's initial reading (%(initial)s).")
            % {"initial": old.initial_reading}})
    changed_on = changed_on or timezone.localdate()
    old.is_current, old.removed_on, old.final_reading = False, changed_on, old_final_reading
    save_recorded(old, "changed_out", by)
    new = Meter(account=account, created_by=by, is_current=True,
                installed_on=new_meter.pop("installed_on", changed_on), **new_meter)
    save_recorded(new, "installed_meter_change", by)
    change = MeterChange(account=account, old_meter=old, new_meter=new, reason=reason,
                         old_final_reading=old_final_reading, changed_on=changed_on,
                         new_initial_reading=new.initial_reading, created_by=by)
    save_recorded(change, "meter_change", by)
    return change


@transaction.atomic
def appliance_add(*, account: GasAccount, by, **fields) -> Appliance:
    require_editor(account.customer, by)
    appliance = Appliance(account=account, created_by=by, **fields)
    save_recorded(appliance, "added", by)
    return appliance


@transaction.atomic
def alarm_add(*, account: GasAccount, by, **fields) -> Alarm:
    require_editor(account.customer, by)
    alarm = Alarm(account=account, created_by=by, **fields)
    if not alarm.replace_due_on and alarm.installed_on:
        # Typical service life: 5 years in homes, 3 on commercial premises.
        years = 5 if account.customer.is_residential else 3
        installed = alarm.installed_on
        if installed.year + years > datetime.MAXYEAR:
            raise ValidationError({"installed_on": _("Enter a real installation date.")})
        try:
            alarm.replace_due_on = installed.replace(year=installed.year + years)
        except ValueError:  # installed on 29 February
            alarm.replace_due_on = installed.replace(year=installed.year + years, day=28)
    save_recorded(alarm, "added", by)
    return alarm
