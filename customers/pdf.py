"""Printed documents of the customer archive, built here and rendered by core.pdf.

用户信息表 (第八条): once the account is opened and its meter, address and appliances are entered,
the sheet is printed for the customer to sign. It is a Chinese document whatever the language
of the user who prints it, timed in Asia/Shanghai.
"""

from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.utils import timezone, translation

from contracts.selectors import company_name
from core.pdf import render_pdf
from core.text import mask_field_value
from customers.models import Contact, Customer, GasAccount
from customers.selectors import account_missing

USER_SHEET_TEMPLATE = "customers/print/user_sheet.html"
PRINT_LANGUAGE = "zh-hans"
PRINT_TIMEZONE = ZoneInfo("Asia/Shanghai")


def _account_for_sheet(pk: int) -> GasAccount:
    """The account with everything the sheet prints, in a fixed number of queries (five)."""
    return (
        GasAccount.objects.select_related(
            "customer", "premises", "use_class", "delivery_notice", "opened_by",
            "first_ignition_by")
        .prefetch_related(
            "meters", "appliances", "alarms",
            Prefetch("customer__contacts", queryset=Contact.objects.filter(is_active=True)))
        .get(pk=pk)
    )


def _customer_context(customer, *, masked: bool) -> dict:
    """What the sheet shows of the customer; no full identifier reaches a masked sheet."""
    id_number = (mask_field_value(Customer, "id_number", customer.id_number) if masked
                 else customer.id_number)
    return {
        "number": customer.number,
        "name": customer.name,
        "category": customer.get_category_display(),
        "low_income": customer.low_income,
        "id_type": customer.get_id_type_display(),
        "id_number": id_number,
        "legal_representative": customer.legal_representative,
    }


def _contacts_context(contacts, *, masked: bool) -> list[dict]:
    """Current contacts, the primary one first (the model's ordering), phones masked if asked."""

    def show(name: str, value: str) -> str:
        return mask_field_value(Contact, name, value) if masked else value

    return [
        {
            "name": contact.name,
            "position": contact.position,
            "is_primary": contact.is_primary,
            "phones": " / ".join(show(name, getattr(contact, name))
                                 for name in ("mobile", "landline") if getattr(contact, name)),
        }
        for contact in contacts
    ]


def user_sheet_context(*, account: GasAccount, printed_by, masked: bool) -> dict:
    """The context of the 用户信息表 of `account`, read fresh from the database.

    Masked sheets carry only masked identifiers (the models' IDENTIFYING_FIELDS, core.text).
    Call it with the print language active: the choice labels and the missing list are
    translated here.
    """
    account = _account_for_sheet(account.pk)
    customer = account.customer
    meter = next((meter for meter in account.meters.all() if meter.is_current), None)
    printed_at = timezone.localtime(timezone.now(), PRINT_TIMEZONE)
    return {
        "company_name": company_name(),
        "customer": _customer_context(customer, masked=masked),
        "contacts": _contacts_context(customer.contacts.all(), masked=masked),
        "account": account,
        "address": str(account.premises),
        "meter": meter,
        "appliances": [item for item in account.appliances.all() if item.is_active],
        "alarms": [alarm for alarm in account.alarms.all() if alarm.is_active],
        "missing": account_missing(account),
        "masked": masked,
        "printed_by": str(printed_by),
        "printed_at": printed_at,
        "printed_at_text": printed_at.strftime("%Y-%m-%d %H:%M"),
    }


def user_sheet_pdf(*, account: GasAccount, printed_by, masked: bool) -> bytes:
    """The 用户信息表 of `account` as PDF bytes: Chinese, Asia/Shanghai time, and, when
    `masked`, with the ID number and phone numbers masked (core.text)."""
    with translation.override(PRINT_LANGUAGE), timezone.override(PRINT_TIMEZONE):
        context = user_sheet_context(account=account, printed_by=printed_by, masked=masked)
        return render_pdf(USER_SHEET_TEMPLATE, context)
