"""What an account and a customer still lack (第五条, 第七条, 第八条): every missing piece listed
at once, in the reader's language, so that a page or a refusal names them all together.
Read through customers.selectors."""

from django.utils.translation import gettext as _

from customers.models import Customer, GasAccount, GasDeliveryNotice, Premises


def account_missing(account: GasAccount) -> list[str]:
    """Everything still to be entered before the account is complete (第八条), all at once:
    the meter, the appliances and, on non-residential premises, the gas alarm and the
    shut-off valve linked to it. Void entries count for nothing (issue 13, point 8)."""
    missing = []
    if not any(meter.is_current and not meter.is_void for meter in account.meters.all()):
        missing.append(_("meter information"))
    if not any(item.is_active and not item.is_void for item in account.appliances.all()):
        missing.append(_("gas appliance information"))
    if not account.customer.is_residential:
        alarms = [alarm for alarm in account.alarms.all() if alarm.is_active and not alarm.is_void]
        if not alarms:
            missing.append(_("gas alarm (required on commercial premises)"))
        if not any(alarm.has_valve for alarm in alarms):
            missing.append(_("shut-off valve linked to the alarm"))
    return missing


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
