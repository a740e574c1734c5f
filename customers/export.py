"""The customer-list export (CSV / xlsx): the rows the user may see, identifiers masked unless
the user reads the customer in full, and one AccessLog entry per exported customer (第十一条)."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import access_log_write_many
from core.export import XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes
from core.models import AccessLog
from core.text import mask_id_number
from customers.selectors import customer_full_reader_ids

EXPORT_LIMIT = 10000
KINDS = ("csv", "xlsx")


def _header() -> list[str]:
    return [
        _("Customer number"),
        _("Name"),
        _("Category"),
        _("Status"),
        _("Identity document"),
        _("Document number"),
        _("Responsible staff"),
        _("Archive custodian"),
        _("Archive confirmation"),
    ]


def _row(customer, full: bool) -> list[str]:
    return [
        customer.number,
        customer.name,
        customer.get_category_display(),
        customer.get_status_display(),
        customer.get_id_type_display(),
        customer.id_number if full else mask_id_number(customer.id_number),
        str(customer.sales_rep),
        str(customer.custodian),
        customer.get_archive_state_display(),
    ]


def customer_export_response(*, request, customers, kind: str) -> HttpResponse:
    """The file of `customers` (a queryset the user may see, at most EXPORT_LIMIT rows) as
    `kind` ("csv" or "xlsx"); every exported customer gets an AccessLog entry."""
    customers = list(customers[:EXPORT_LIMIT])
    full_ids = customer_full_reader_ids(user=request.user, customers=customers)
    rows = [_row(customer, customer.pk in full_ids) for customer in customers]
    access_log_write_many(request=request, objs=customers, action=AccessLog.Action.EXPORT,
                          grant="customer_list_export")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if kind == "csv":
        response = HttpResponse(csv_bytes(_header(), rows),
                                content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx_bytes(_header(), rows, title="customers"),
                                content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="customers-{stamp}.{kind}"'
    return response
