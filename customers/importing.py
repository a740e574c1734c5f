"""客户批量导入: customers with their contacts (and optionally an account) from a CSV or Excel
file.

Every row passes the checks of the New customer page (`CustomerForm`, `FirstContactForm`) and
then the services themselves (`customer_create`, `account_open`), so an imported customer is
held to exactly the rules of one entered by hand. Messages are in Chinese, like the file's
column headers, and name the row and the column. A dry run saves nothing; a real import saves
every row or, when any row has an error, none at all.
"""

import csv
import functools
import io
import itertools
import time
import zipfile
from contextlib import closing
from dataclasses import dataclass, field
from typing import ClassVar

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.roles import STAFF
from core.validators import normalize_identifier
from customers import services
from customers.forms import CustomerForm, FirstContactForm
from customers.models import Category, Customer, GasDeliveryNotice, GasUseClass, IdType
from customers.selectors import customer_access

IMPORT_LANGUAGE = "zh-hans"
MAX_ROWS = 5000
MAX_MEGABYTES = 10
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
# Bounds on the work one upload may cost, checked before and while parsing: rows read (blank
# ones included: a tiny .xlsx can declare or hold millions of empty rows), the size of the
# workbook once unzipped, and the seconds spent reading.
MAX_SHEET_ROWS = 2 * MAX_ROWS
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_READ_SECONDS = 20

# Column header → key of a row dict. Contact keys carry the prefix "contact_".
COLUMNS = {
    "客户名称": "name",
    "客户类别": "category",
    "证件类型": "id_type",
    "证件号码": "id_number",
    "法定代表人": "legal_representative",
    "行业": "industry",
    "低保": "low_income",
    "开票名称": "invoice_title",
    "税号": "tax_number",
    "联系人": "contact_name",
    "联系人职务": "contact_position",
    "手机": "contact_mobile",
    "固定电话": "contact_landline",
    "邮箱": "contact_email",
    "业务员": "sales_rep",
    "档案管理人": "custodian",
    "送气通知单号": "notice",
    "用气性质": "use_class",
}
REQUIRED_COLUMNS = ("客户名称", "客户类别", "证件类型", "证件号码")
HEADER_OF = {key: header for header, key in COLUMNS.items()}
COLUMN_ORDER = {key: index for index, key in enumerate(COLUMNS.values())}
CUSTOMER_TEXT = ("name", "legal_representative", "industry", "invoice_title", "tax_number")
CONTACT_FIELDS = ("name", "position", "mobile", "landline", "email")
# Where a service's error on a model field belongs in the file. A contact's own name cannot
# reach the services blank (checked before), so "name" is always the customer's.
SERVICE_KEYS = {"mobile": "contact_mobile", "landline": "contact_landline",
                "email": "contact_email", "position": "contact_position",
                "sales_rep": "sales_rep", "custodian": "custodian"}
ALIASES = {"其他": IdType.OTHER, "身份证": IdType.RESIDENT_ID}
TRUE_WORDS = frozenset({"是", "1", "true", "yes", "y"})
FALSE_WORDS = frozenset({"否", "0", "false", "no", "n", ""})

Errors = dict[str | None, list[str]]  # row key (None: the whole row) → messages


@dataclass
class ImportRow:
    """One data row of the file: its number in the file (header = row 1) and its outcome."""

    OK: ClassVar[str] = "ok"
    ERROR: ClassVar[str] = "error"

    row: int
    name: str
    status: str = OK
    messages: list[str] = field(default_factory=list)
    number: str = ""  # the new customer number, only once the import is committed
    customer_id: int | None = None

    @property
    def is_ok(self) -> bool:
        return self.status == self.OK


@dataclass
class ImportResult:
    """Every row's outcome; `committed` is True only when the customers were saved."""

    rows: list[ImportRow]
    dry_run: bool
    committed: bool = False

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def error_count(self) -> int:
        return sum(not row.is_ok for row in self.rows)

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    @property
    def created(self) -> list[ImportRow]:
        return [row for row in self.rows if row.customer_id is not None]


# --- Reading the file --------------------------------------------------------------------------
def read_table(uploaded_file) -> list[dict]:
    """The data rows of an uploaded .csv (UTF-8 with or without BOM, or GB18030) or .xlsx file.

    Guarantees: each dict holds the known columns under the keys of COLUMNS (text, stripped)
    and "row", its row number in the file (header = 1); blank rows are skipped; unknown columns
    are ignored. Raises ValidationError (in Chinese) for another file type, a file over 10 MB
    or 5,000 data rows, an unreadable file, missing required columns (named) or no data row.
    """
    with translation.override(IMPORT_LANGUAGE):
        name = (getattr(uploaded_file, "name", "") or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a CSV (.csv) or Excel (.xlsx) file."), code="type")
        uploaded_file.seek(0)
        data = uploaded_file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ValidationError(_("The file is larger than %(size)s MB.")
                                  % {"size": MAX_MEGABYTES}, code="size")
        if name.endswith(".csv"):
            return _records(_csv_cells(data))
        try:
            with closing(_xlsx_cells(data)) as cells:
                return _records(cells)
        except ValidationError:
            raise
        except Exception as exc:  # a damaged workbook fails in many ways inside openpyxl
            raise ValidationError(_("The file could not be read as %(kind)s.")
                                  % {"kind": "Excel (.xlsx)"}, code="unreadable") from exc


def _csv_cells(data: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The CSV file is neither UTF-8 nor GB18030 text."),
                              code="encoding")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return list(itertools.islice(reader, MAX_SHEET_ROWS + 1))
    except csv.Error as exc:
        raise ValidationError(_("The file could not be read as %(kind)s.") % {"kind": "CSV"},
                              code="unreadable") from exc


def _xlsx_cells(data: bytes):
    from openpyxl import load_workbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(item.file_size for item in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise ValidationError(_("The file is larger than %(size)s MB.")
                                  % {"size": MAX_UNZIPPED_BYTES // (1024 * 1024)}, code="size")
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > MAX_SHEET_ROWS:  # the sheet's declared dimension
            raise _too_many_rows()
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps phone numbers typed as numbers as floats
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _too_many_rows() -> ValidationError:
    return ValidationError(_("The file has more than %(max)s rows (blank rows included): split "
                             "it into several files.") % {"max": f"{MAX_SHEET_ROWS:,}"},
                           code="rows")


def _records(cells) -> list[dict]:
    cells = iter(cells)
    keys = _header_keys(next(cells, []))
    records = []
    deadline = time.monotonic() + MAX_READ_SECONDS
    for number, values in enumerate(cells, start=2):
        if number > MAX_SHEET_ROWS or time.monotonic() > deadline:
            raise _too_many_rows()
        if not any(str(value).strip() for value in values):
            continue
        if len(records) == MAX_ROWS:
            raise ValidationError(_("The file has more than %(max)s data rows: split it into "
                                    "several files.") % {"max": f"{MAX_ROWS:,}"}, code="rows")
        record = {key: str(values[index]).strip() for index, key in keys.items()
                  if index < len(values)}
        records.append({**record, "row": number})
    if not records:
        raise ValidationError(_("The file has no data rows."), code="empty")
    return records


def _header_keys(header: list) -> dict[int, str]:
    """Column index → row key; the header may mark required columns with * and may also use
    the keys themselves."""
    keys, known = {}, set(COLUMNS.values())
    for index, title in enumerate(header):
        title = str(title).replace("\ufeff", "").strip().strip("*＊").strip()
        key = COLUMNS.get(title) or (title if title in known else None)
        if key and key not in keys.values():
            keys[index] = key
    missing = [title for title in REQUIRED_COLUMNS if COLUMNS[title] not in keys.values()]
    if missing:
        raise ValidationError(_("The file lacks the required columns: %(columns)s.")
                              % {"columns": "、".join(missing)}, code="columns")
    return keys


# --- Importing ---------------------------------------------------------------------------------
class _Rollback(Exception):
    """Raised inside a transaction to undo it: a dry run, or a row in error."""


@dataclass
class _Context:
    by: models.Model
    users: dict[str, int | None] = field(default_factory=dict)
    seen: dict[tuple[str, str], int] = field(default_factory=dict)  # identity → first row


@dataclass
class _Parsed:
    fields: dict
    contacts: list[dict]
    notice: GasDeliveryNotice | None
    use_class: GasUseClass | None
    errors: Errors


def customer_import(*, rows: list[dict], by, dry_run: bool) -> ImportResult:
    """Import `rows` (from `read_table`) as customers registered by `by`, who must be staff.

    Guarantees: all rows run in one transaction, each row in its own savepoint, through
    `customer_create` (with its contact; each archive is sent for confirmation) and, when a
    notice number is given, `account_open`. The transaction is committed only when this is
    not a dry run and no row has an error; otherwise nothing is kept, customer numbers
    included (they come from the same transaction, so the series keeps no gap). Every row's
    errors are reported in Chinese, naming the row and the column.
    """
    if not (by.is_active and by.has_role(STAFF)):
        raise PermissionDenied
    result = ImportResult(rows=[], dry_run=dry_run)
    context = _Context(by=by)
    try:
        with translation.override(IMPORT_LANGUAGE), transaction.atomic():
            for index, raw in enumerate(rows):
                result.rows.append(_import_row(raw, row=raw.get("row", index + 2),
                                               context=context))
            if dry_run or result.has_errors:
                raise _Rollback
    except _Rollback:
        for item in result.rows:
            item.number, item.customer_id = "", None
    else:
        result.committed = True
    return result


def _import_row(raw: dict, *, row: int, context: _Context) -> ImportRow:
    parsed = _parse(raw, context=context)
    duplicate = _check_duplicate(parsed, row=row, context=context)
    _check_forms(parsed, duplicate=duplicate)
    customer = None if duplicate else _create(parsed, by=context.by)
    keys = sorted(parsed.errors, key=lambda key: COLUMN_ORDER.get(key, len(COLUMN_ORDER)))
    messages = [_message(row, key, text) for key in keys for text in parsed.errors[key]]
    return ImportRow(row=row, name=parsed.fields["name"],
                     status=ImportRow.ERROR if messages else ImportRow.OK, messages=messages,
                     number=customer.number if customer else "",
                     customer_id=customer.pk if customer else None)


def _message(row: int, key: str | None, text: str) -> str:
    if key is None:
        return _("Row %(row)s: %(message)s") % {"row": row, "message": text}
    return _("Row %(row)s %(column)s: %(message)s") % {
        "row": row, "column": HEADER_OF[key], "message": text}


def _add(errors: Errors, key: str | None, messages, *, if_new: bool = False) -> None:
    """Add messages under `key`; with `if_new`, only when the column has none yet (a later
    check repeating an earlier one's complaint in other words adds nothing)."""
    if if_new and key in errors:
        return
    bucket = errors.setdefault(key, [])
    bucket.extend(str(text) for text in messages if str(text) not in bucket)


def _text(raw: dict, key: str) -> str:
    return str(raw.get(key) or "").strip()


def _parse(raw: dict, *, context: _Context) -> _Parsed:
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
    return _Parsed(fields=fields, contacts=contacts, notice=notice, use_class=use_class,
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
        _add(errors, "low_income", [_("Write “是” or “否” (1/0 and true/false also work).")])
    return False


def _user_id(username: str, *, key: str, context: _Context, errors: Errors) -> int | None:
    """The active user of that user name; the importing user when the cell is empty."""
    if not username:
        return context.by.pk
    if username not in context.users:
        context.users[username] = get_user_model().objects.filter(
            username=username, is_active=True).values_list("pk", flat=True).first()
    if context.users[username] is None:
        _add(errors, key, [_("No active user has the user name %(username)s.")
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
        _add(errors, "contact_name", [_("This field is required.")])
    return [{**contact, "is_primary": True}]


def _account(raw: dict, *, category: str,
             errors: Errors) -> tuple[GasDeliveryNotice | None, GasUseClass | None]:
    """The delivery notice and gas-use class of the optional account (both or neither)."""
    number = normalize_identifier(_text(raw, "notice"))
    class_text = _text(raw, "use_class")
    for key, value, other in (("notice", number, "use_class"), ("use_class", class_text, "notice")):
        if not value and _text(raw, other):
            _add(errors, key, [_("Required when %(column)s is given.")
                               % {"column": HEADER_OF[other]}])
    notice = GasDeliveryNotice.objects.select_related("premises").filter(
        number=number).first() if number else None
    if number and notice is None:
        _add(errors, "notice", [_("There is no gas delivery notice numbered %(number)s.")
                                % {"number": number}])
    use_class = GasUseClass.objects.filter(is_active=True).filter(
        Q(code=class_text) | Q(name=class_text)).first() if class_text else None
    if class_text and use_class is None:
        _add(errors, "use_class", [_("Unknown gas-use class “%(value)s”.")
                                   % {"value": class_text}])
    elif use_class and use_class.categories and category not in use_class.categories.split(","):
        _add(errors, "use_class", [_("The gas-use class %(name)s is not for this customer "
                                     "category.") % {"name": use_class.name}])
    return notice, use_class


def _check_duplicate(parsed: _Parsed, *, row: int, context: _Context) -> bool:
    """Same 证件类型 + 证件号码 as an earlier row of the file, or as an existing customer (named
    only to someone who may read it)."""
    identity = (parsed.fields["id_type"], parsed.fields["id_number"])
    if not identity[1]:
        return False
    first = context.seen.setdefault(identity, row)
    if first != row:
        _add(parsed.errors, "id_number", [_("Same identity document as row %(row)s.")
                                          % {"row": first}])
        return True
    existing = Customer.objects.filter(id_type=identity[0], id_number=identity[1]).first()
    if existing is None:
        return False
    # 第十一条: the file must not tell the importer which archive holds an identity document
    # unless they may read that archive.
    if customer_access(user=context.by, customer=existing) is None:
        _add(parsed.errors, "id_number", [_("Duplicate of an existing archive.")])
    else:
        _add(parsed.errors, "id_number", [_("Customer %(number)s already exists.")
                                          % {"number": existing.number}])
    return True


def _check_forms(parsed: _Parsed, *, duplicate: bool) -> None:
    """The checks of the New customer page; a duplicate's constraint error is already said."""
    data = {name: value for name, value in parsed.fields.items() if value is not None}
    data["sales_rep"], data["custodian"] = data.pop("sales_rep_id", ""), data.pop(
        "custodian_id", "")
    data["low_income"] = "on" if data["low_income"] else ""
    for name, messages in CustomerForm(data=data).errors.items():
        if name in HEADER_OF or not duplicate:
            _add(parsed.errors, name if name in HEADER_OF else None, messages, if_new=True)
    for contact in parsed.contacts:
        form = FirstContactForm(data={f"contact-{name}": contact[name]
                                      for name in CONTACT_FIELDS})
        for name, messages in form.errors.items():
            key = f"contact_{name}"
            _add(parsed.errors, key if key in HEADER_OF else None, messages, if_new=True)


def _create(parsed: _Parsed, *, by) -> Customer | None:
    """Run the services in a savepoint, undone when the row has any error."""
    errors = parsed.errors
    try:
        with transaction.atomic():
            customer = services.customer_create(by=by, contacts=parsed.contacts,
                                                **parsed.fields)
            if parsed.notice is not None and parsed.use_class is not None:
                _open_account(customer, parsed=parsed, by=by)
            if errors:
                raise _Rollback
            return customer
    except ValidationError as exc:
        _add_service_errors(errors, exc)
    except IntegrityError:  # another session saved the same identity meanwhile
        _add(errors, "id_number", [_("A customer with this identity document already "
                                     "exists.")])
    except _Rollback:
        pass
    return None


def _open_account(customer: Customer, *, parsed: _Parsed, by) -> None:
    try:
        services.account_open(customer=customer, premises=parsed.notice.premises,
                              notice=parsed.notice, use_class=parsed.use_class, by=by)
    except ValidationError as exc:
        _add(parsed.errors, "notice", exc.messages, if_new=True)


def _add_service_errors(errors: Errors, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        _add(errors, None, exc.messages)
        return
    for name, messages in exc.message_dict.items():
        key = SERVICE_KEYS.get(name, name if name in HEADER_OF else None)
        _add(errors, key, messages, if_new=key is not None)
