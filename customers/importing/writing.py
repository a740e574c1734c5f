"""Writing the checked rows through the services, in one transaction that is kept only when
every row passed and this is not a dry run."""

from dataclasses import dataclass, field
from typing import ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.roles import STAFF
from customers import services
from customers.importing.columns import COLUMN_ORDER, HEADER_OF, IMPORT_LANGUAGE
from customers.importing.rows import (
    Errors,
    ParsedRow,
    RowContext,
    add_error,
    check_duplicate,
    check_forms,
    parse_row,
)
from customers.models import Customer

# Where a service's error on a model field belongs in the file. A contact's own name cannot
# reach the services blank (checked before), so "name" is always the customer's.
SERVICE_KEYS = {"mobile": "contact_mobile", "landline": "contact_landline",
                "email": "contact_email", "position": "contact_position",
                "sales_rep": "sales_rep", "custodian": "custodian"}


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


class _Rollback(Exception):
    """Raised inside a transaction to undo it: a dry run, or a row in error."""


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
    context = RowContext(by=by)
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


def _import_row(raw: dict, *, row: int, context: RowContext) -> ImportRow:
    parsed = parse_row(raw, context=context)
    duplicate = check_duplicate(parsed, row=row, context=context)
    check_forms(parsed, duplicate=duplicate)
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


def _create(parsed: ParsedRow, *, by) -> Customer | None:
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
        add_error(errors, "id_number", [_("A customer with this identity document already "
                                          "exists.")])
    except _Rollback:
        pass
    return None


def _open_account(customer: Customer, *, parsed: ParsedRow, by) -> None:
    try:
        services.account_open(customer=customer, premises=parsed.notice.premises,
                              notice=parsed.notice, use_class=parsed.use_class, by=by)
    except ValidationError as exc:
        add_error(parsed.errors, "notice", exc.messages, if_new=True)


def _add_service_errors(errors: Errors, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        add_error(errors, None, exc.messages)
        return
    for name, messages in exc.message_dict.items():
        key = SERVICE_KEYS.get(name, name if name in HEADER_OF else None)
        add_error(errors, key, messages, if_new=key is not None)
