"""One row of the file checked and turned into the services' arguments: choices and users
looked up, contact and account columns read, duplicates found, the New customer page's form
checks applied. Errors are collected per column, in Chinese."""

import functools
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from core.validators import normalize_identifier
from customers.forms import CustomerForm, FirstContactForm
from customers.importing.columns import HEADER_OF, IMPORT_LANGUAGE
from customers.models import Category, Customer, GasDeliveryNotice, GasUseClass, IdType
from customers.selectors import customer_access

CUSTOMER_TEXT = ("name", "legal_representative", "industry", "invoice_title", "tax_number")
CONTACT_FIELDS = ("name", "position", "mobile", "landline", "email")
ALIASES = {"其他": IdType.OTHER, "身份证": IdType.RESIDENT_ID}
TRUE_WORDS = frozenset({"是", "1", "true", "yes", "y"})
FALSE_WORDS = frozenset({"否", "0", "false", "no", "n", ""})

Errors = dict[str | None, list[str]]  # row key (None: the whole row) → messages


@dataclass
class RowContext:
    """What the rows of one file share: the importing user, the user names looked up, and the
    identity documents seen so far (with their first row)."""

    by: models.Model
    users: dict[str, int | None] = field(default_factory=dict)
    seen: dict[tuple[str, str], int] = field(default_factory=dict)  # identity → first row


@dataclass
class ParsedRow:
    """One row as the services' arguments, with the errors found so far (row key → messages)."""

    fields: dict
    contacts: list[dict]
    notice: GasDeliveryNotice | None
    use_class: GasUseClass | None
    errors: Errors


def add_error(errors: Errors, key: str | None, messages, *, if_new: bool = False) -> None:
    """Add messages under `key`; with `if_new`, only when the column has none yet (a later
    check repeating an earlier one's complaint in other words adds nothing)."""
    if if_new and key in errors:
        return
    bucket = errors.setdefault(key, [])
    bucket.extend(str(text) for text in messages if str(text) not in bucket)


def _text(raw: dict, key: str) -> str:
    return str(raw.get(key) or "").strip()


def parse_row(raw: dict, *, context: RowContext) -> ParsedRow:
    """The customer fields, contact and optional account of `raw`; a value that cannot be read
    is kept for the form checks to name, or reported under its column."""
    errors: Errors = {}
    fields = {name: _text(raw, name) for name in CUSTOMER_TEXT}
    fields["category"] = _choice(_text(raw, "category"), Category)
    fields["id_type"] = _choice(_text(raw, "id_type"), IdType)
    fields["id_number"] = normalize_identifier(_text(raw, "id_number"))
    fields["low_income"] = _boolean(_text(raw, "low_income"), errors)
    for key in ("sales_rep", "custodian"):
        fields[f"{key}_id"] = _user_id(_text(raw, key), key=key, context=context, errors=errors)
    contacts = _contacts(raw, fields=fields, errors=errors)
    notice, use_class = _account(raw, category=fields["category"], errors=errors)
    return ParsedRow(fields=fields, contacts=contacts, notice=notice, use_class=use_class,
                     errors=errors)


@functools.cache
def _choice_table(choices: type[models.TextChoices]) -> dict[str, str]:
    """Codes, Chinese and English labels (any case) → code."""
    table = {code.lower(): code for code in choices.values}
    for language in ("en", IMPORT_LANGUAGE):
        with translation.override(language):
            table.update({str(label).lower(): code for code, label in choices.choices})
    table.update({alias: code for alias, code in ALIASES.items() if code in choices.values})
    return table


def _choice(text: str, choices: type[models.TextChoices]) -> str:
    """The code for `text`; an unknown text is kept so that the form names it."""
    return _choice_table(choices).get(text.lower(), text)


def _boolean(text: str, errors: Errors) -> bool:
    if text.lower() in TRUE_WORDS:
        return True
    if text.lower() not in FALSE_WORDS:
        add_error(errors, "low_income", [_("Write “是” or “否” (1/0 and true/false also work).")])
    return False


def _user_id(username: str, *, key: str, context: RowContext, errors: Errors) -> int | None:
    """The active user of that user name; the importing user when the cell is empty."""
    if not username:
        return context.by.pk
    if username not in context.users:
        context.users[username] = get_user_model().objects.filter(
            username=username, is_active=True).values_list("pk", flat=True).first()
    if context.users[username] is None:
        add_error(errors, key, [_("No active user has the user name %(username)s.")
                                % {"username": username}])
    return context.users[username]


def _contacts(raw: dict, *, fields: dict, errors: Errors) -> list[dict]:
    contact = {name: _text(raw, f"contact_{name}") for name in CONTACT_FIELDS}
    if not any(contact.values()):
        return []
    contact["mobile"] = normalize_identifier(contact["mobile"])
    if not contact["name"] and fields["category"] == Category.RESIDENTIAL:
        contact["name"] = fields["name"]  # a household's own phone: the customer is the contact
    if not contact["name"]:
        add_error(errors, "contact_name", [_("This field is required.")])
    return [{**contact, "is_primary": True}]


def _account(raw: dict, *, category: str,
             errors: Errors) -> tuple[GasDeliveryNotice | None, GasUseClass | None]:
    """The delivery notice and gas-use class of the optional account (both or neither)."""
    number = normalize_identifier(_text(raw, "notice"))
    class_text = _text(raw, "use_class")
    for key, value, other in (("notice", number, "use_class"), ("use_class", class_text, "notice")):
        if not value and _text(raw, other):
            add_error(errors, key, [_("Required when %(column)s is given.")
                                    % {"column": HEADER_OF[other]}])
    notice = GasDeliveryNotice.objects.select_related("premises").filter(
        number=number).first() if number else None
    if number and notice is None:
        add_error(errors, "notice", [_("There is no gas delivery notice numbered %(number)s.")
                                     % {"number": number}])
    use_class = GasUseClass.objects.filter(is_active=True).filter(
        Q(code=class_text) | Q(name=class_text)).first() if class_text else None
    if class_text and use_class is None:
        add_error(errors, "use_class", [_("Unknown gas-use class “%(value)s”.")
                                        % {"value": class_text}])
    elif use_class and use_class.categories and category not in use_class.categories.split(","):
        add_error(errors, "use_class", [_("The gas-use class %(name)s is not for this customer "
                                          "category.") % {"name": use_class.name}])
    return notice, use_class


def check_duplicate(parsed: ParsedRow, *, row: int, context: RowContext) -> bool:
    """Same 证件类型 + 证件号码 as an earlier row of the file, or as an existing customer (named
    only to someone who may read it)."""
    identity = (parsed.fields["id_type"], parsed.fields["id_number"])
    if not identity[1]:
        return False
    first = context.seen.setdefault(identity, row)
    if first != row:
        add_error(parsed.errors, "id_number", [_("Same identity document as row %(row)s.")
                                               % {"row": first}])
        return True
    existing = Customer.objects.filter(id_type=identity[0], id_number=identity[1]).first()
    if existing is None:
        return False
    # 第十一条: the file must not tell the importer which archive holds an identity document
    # unless they may read that archive.
    if customer_access(user=context.by, customer=existing) is None:
        add_error(parsed.errors, "id_number", [_("Duplicate of an existing archive.")])
    else:
        add_error(parsed.errors, "id_number", [_("Customer %(number)s already exists.")
                                               % {"number": existing.number}])
    return True


def check_forms(parsed: ParsedRow, *, duplicate: bool) -> None:
    """The checks of the New customer page; a duplicate's constraint error is already said."""
    data = {name: value for name, value in parsed.fields.items() if value is not None}
    data["sales_rep"], data["custodian"] = data.pop("sales_rep_id", ""), data.pop(
        "custodian_id", "")
    data["low_income"] = "on" if data["low_income"] else ""
    for name, messages in CustomerForm(data=data).errors.items():
        if name in HEADER_OF or not duplicate:
            add_error(parsed.errors, name if name in HEADER_OF else None, messages, if_new=True)
    for contact in parsed.contacts:
        form = FirstContactForm(data={f"contact-{name}": contact[name]
                                      for name in CONTACT_FIELDS})
        for name, messages in form.errors.items():
            key = f"contact_{name}"
            add_error(parsed.errors, key if key in HEADER_OF else None, messages, if_new=True)
