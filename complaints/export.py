"""The complaint-list export (CSV / xlsx, core.export): the filtered rows the user may see.

第十一条: the complainant customer's number and name are exported only to a user who may read
that customer, and each such customer gets one AccessLog entry (as the customer export does);
the complainant's phone is exported in full only to a user who reads the customer in full (for
a customer's complaint) or who calls the complainant back (complaints.selectors
.complaint_sees_caller, for a caller who is not a customer); masked otherwise."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from complaints.models import Complaint
from complaints.selectors import complaint_sees_caller
from core.access import access_log_write_many
from core.export import XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes
from core.models import AccessLog
from core.text import mask_field_value
from customers.selectors import customer_full_reader_ids, customer_list

EXPORT_LIMIT = 10000
KINDS = ("csv", "xlsx")


def _header() -> list[str]:
    return [_("Complaint number"), _("Received at"), _("Channel"), _("12345 referral number"),
            _("Receiving department"), pgettext("complaint", "Category"), _("Class"), _("Urgency"),
            _("Safety hazard"), _("Status"), _("Complainant's name"), _("Complainant's phone"),
            _("Customer number"), _("Customer"), _("Handler"), _("Resolution due"),
            _("Overdue"), _("Times reopened")]


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _row(complaint: Complaint, *, user, readable: set[int], full: set[int]) -> list:
    customer = complaint.customer if complaint.customer_id in readable else None
    if complaint.customer_id is not None:
        phone_in_full = complaint.customer_id in full
    else:
        phone_in_full = complaint_sees_caller(user=user, complaint=complaint)
    phone = complaint.caller_phone if phone_in_full else mask_field_value(
        Complaint, "caller_phone", complaint.caller_phone)
    return [complaint.number, _when(complaint.received_at), complaint.get_channel_display(),
            complaint.external_number, str(complaint.receiving_department),
            str(complaint.category), complaint.get_complaint_class_display(),
            complaint.get_urgency_display(), _("Yes") if complaint.is_safety_hazard else "",
            complaint.get_status_display(), complaint.caller_name, phone,
            customer.number if customer else "", customer.name if customer else "",
            str(complaint.handler or ""), _when(complaint.resolution_due),
            _("Yes") if complaint.is_overdue else "", complaint.reopen_count]


def complaint_export_response(*, request, complaints, kind: str) -> HttpResponse:
    """The file of `complaints` (a queryset of complaint_list, at most EXPORT_LIMIT rows) as
    `kind` ("csv" or "xlsx"); every exported customer gets an AccessLog entry."""
    complaints = list(complaints.select_related("customer")[:EXPORT_LIMIT])
    user = request.user
    customer_ids = {complaint.customer_id for complaint in complaints if complaint.customer_id}
    readable = set(customer_list(user=user).filter(pk__in=customer_ids)
                   .values_list("pk", flat=True)) if customer_ids else set()
    customers = {c.customer_id: c.customer for c in complaints if c.customer_id in readable}
    full = customer_full_reader_ids(user=user, customers=list(customers.values()))
    rows = [_row(complaint, user=user, readable=readable, full=full) for complaint in complaints]
    access_log_write_many(request=request, objs=list(customers.values()),
                          action=AccessLog.Action.EXPORT,
                          grant="complaint_list_export")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if kind == "csv":
        response = HttpResponse(csv_bytes(_header(), rows),
                                content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx_bytes(_header(), rows, title="complaints"),
                                content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="complaints-{stamp}.{kind}"'
    return response
