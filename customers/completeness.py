"""What an account and a customer still lack (第五条, 第七条, 第八条): every missing piece listed
at once, in the reader's language, so that a page or a refusal names them all together.
Read through customers.selectors."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from core.prepared import Prepared
from customers.models import Customer, GasAccount, GasDeliveryNotice, Premises


def account_missing(account: GasAccount) -> list[str]:
    """Everything still to be entered before the account is complete (第八条), all at once:
    the meter, the appliances and, on non-residential premises, the gas alarm and the
    shut-off valve linked to it. Void entries count for nothing (issue 13, point 8). Reads the
    account's meters, appliances and alarms (prefetched by the caller)."""
    alarms = [alarm for alarm in account.alarms.all() if alarm.is_active and not alarm.is_void]
    return _missing(
        residential=account.customer.is_residential,
        has_meter=any(meter.is_current and not meter.is_void for meter in account.meters.all()),
        has_appliance=any(item.is_active and not item.is_void
                          for item in account.appliances.all()),
        has_alarm=bool(alarms), has_valve=any(alarm.has_valve for alarm in alarms))


def _missing(*, residential: bool, has_meter: bool, has_appliance: bool, has_alarm: bool,
             has_valve: bool) -> list[str]:
    missing = []
    if not has_meter:
        missing.append(_("meter information"))
    if not has_appliance:
        missing.append(_("gas appliance information"))
    if not residential:
        if not has_alarm:
            missing.append(_("gas alarm (required on commercial premises)"))
        if not has_valve:
            missing.append(_("shut-off valve linked to the alarm"))
    return missing


def _present() -> dict[str, Exists]:
    """Whether an account (the outer row) has a meter in service, an appliance in use, an
    alarm in use and such an alarm with its shut-off valve: the facts of account_missing as
    SQL. Void entries count for nothing."""
    from customers.models import Alarm, Appliance, Meter

    account = OuterRef("pk")
    valve = Q(valve_brand__gt="") | Q(valve_model__gt="")
    return {
        "has_meter": Exists(Meter.objects.filter(account=account, is_current=True,
                                                 is_void=False)),
        "has_appliance": Exists(Appliance.objects.filter(account=account, is_active=True,
                                                         is_void=False)),
        "has_alarm": Exists(Alarm.objects.filter(account=account, is_active=True,
                                                 is_void=False)),
        "has_valve": Exists(Alarm.objects.filter(valve, account=account, is_active=True,
                                                 is_void=False)),
    }


_FACTS = ("has_meter", "has_appliance", "has_alarm", "has_valve")


def _account_columns() -> tuple[list[str], list[str]]:
    return ([field.attname for field in GasAccount._meta.concrete_fields],
            [field.attname for field in Premises._meta.concrete_fields])


def _accounts_with_facts(customer_id: int) -> QuerySet:
    account, premises = _account_columns()
    return (GasAccount.objects.filter(customer_id=customer_id).annotate(**_present())
            .values_list(*account, *(f"premises__{name}" for name in premises), *_FACTS))


# Compiled once per process (core.prepared): four EXISTS cost 3 ms to compile each time; on
# PostgreSQL planned once per database session (0.7 ms to plan, 0.2 ms to run).
_ACCOUNTS_WITH_FACTS = Prepared(_accounts_with_facts, server_side=True)


def customer_accounts_missing(customer: Customer) -> list[dict]:
    """The customer's accounts, each with its premises and what it still lacks (the rule of
    account_missing), read in one query whatever the number of meters, appliances and alarms:
    [{"account": …, "missing": […]}]."""
    account_names, premises_names = _account_columns()
    split = len(account_names)
    items = []
    for row in _ACCOUNTS_WITH_FACTS.rows(customer.pk, using=customer._state.db or "default"):
        account = GasAccount.from_db(customer._state.db, account_names, row[:split])
        place = row[split:split + len(premises_names)]
        account.premises = (None if place[0] is None
                            else Premises.from_db(customer._state.db, premises_names, place))
        account.customer = customer
        has_meter, has_appliance, has_alarm, has_valve = row[-len(_FACTS):]
        items.append({"account": account, "missing": _missing(
            residential=customer.is_residential, has_meter=has_meter,
            has_appliance=has_appliance, has_alarm=has_alarm, has_valve=has_valve)})
    return items


def customer_has_required_contact(customer: Customer) -> bool:
    """第五条: True when the customer needs no contact (a household) or has a current contact
    with a name and a phone."""
    return not customer.needs_contact or any(contact.is_reachable
                                             for contact in customer.contacts.all())


def account_open_problems(*, customer: Customer, premises: Premises | None,
                          notice: GasDeliveryNotice | None, use_class) -> list[str]:
    """Everything that stops an account from being opened, in Chinese (第七条)."""
    problems = []
    if customer.is_closed:
        problems.append(_("The customer is closed."))
    if premises is None:
        problems.append(_("Choose or enter the premises."))
    if use_class is None:
        problems.append(_("Choose the gas-use class."))
    if notice is None:
        problems.append(_("A gas delivery notice issued by the planning and construction "
                          "department is required (第七条)."))
    else:
        if notice.is_void:
            problems.append(_("The delivery notice %(number)s is void.")
                            % {"number": notice.number})
        if premises is not None and notice.premises_id != premises.pk:
            problems.append(_("The delivery notice %(number)s is for other premises.")
                            % {"number": notice.number})
        if notice.accounts.exists():
            # One notice, one account: another customer's premises are not taken over here.
            problems.append(_("The delivery notice %(number)s is already used by an account.")
                            % {"number": notice.number})
        if not notice.drawings_count():
            problems.append(_("The delivery notice %(number)s has no acceptance drawings "
                              "attached.") % {"number": notice.number})
    return problems


def incomplete_accounts() -> QuerySet:
    """Accounts in use still missing what `account_missing` asks for (第八条), in the
    database: no meter in service, no appliance in use, or — off residential premises — no
    alarm in use with its shut-off valve. Void entries count for nothing (issue 13, point 8)."""
    from customers.models import Category

    present = _present()
    return GasAccount.objects.exclude(status__in=GasAccount.NOT_IN_USE).filter(
        ~present["has_meter"] | ~present["has_appliance"]
        | (~Q(customer__category=Category.RESIDENTIAL) & ~present["has_valve"]))


def customers_with_incomplete_accounts(customers: QuerySet) -> QuerySet:
    """The customers among `customers` with an account in use still incomplete."""
    return customers.filter(pk__in=incomplete_accounts().values("customer_id"))
