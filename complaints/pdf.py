"""The complaint handling sheet (投诉处理单, issue 11 point 7), built here and rendered by
core.pdf: the complaint, its handling (handler, 生产处's part, cause, measures, result, cost),
the approval rounds, the feedback and the call-backs, then the timeline.

It is a Chinese document whatever the language of the user who prints it, timed in
Asia/Shanghai. 第十一条: the customer's archive data (customer, account, premises) is printed
only when `complaint_customer_read` gives the printing user access (which writes the
customer's access log); the complainant's phone as `complaint_caller_phone` shows it to him.
"""

from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from approvals.selectors import requests_for
from complaints.models import Complaint
from complaints.selectors import (
    complaint_caller_phone,
    complaint_customer_read,
    complaint_linked,
    complaint_records,
    complaint_timeline,
)
from contracts.selectors import company_name
from core.models import AccessLog
from core.pdf import render_pdf

SHEET_TEMPLATE = "complaints/print/sheet.html"
PRINT_LANGUAGE = "zh-hans"
PRINT_TIMEZONE = ZoneInfo("Asia/Shanghai")


def _complaint_for_print(pk: int) -> Complaint:
    return (Complaint.objects.select_related(
        "category__parent", "receiving_department", "received_by", "handler", "co_handler",
        "customer", "account", "premises", "parent").get(pk=pk))


def _customer_context(complaint: Complaint, access) -> dict | None:
    """What the sheet prints of the archive: nothing without access (第十一条)."""
    if access is None:
        return None
    customer = complaint.customer
    return {"number": customer.number, "name": customer.name,
            "category": customer.get_category_display(),
            "account": complaint.account.number if complaint.account_id else "",
            "premises": str(complaint.premises) if complaint.premises_id else ""}


def complaint_sheet_context(*, complaint: Complaint, user, access) -> dict:
    """The sheet's context, read fresh: `access` is the printing user's access to the
    customer (complaint_customer_read) or None. Call it with the print language active."""
    complaint = _complaint_for_print(complaint.pk)
    records = complaint_records(complaint)
    printed_at = timezone.localtime(timezone.now(), PRINT_TIMEZONE)
    return {
        "company_name": company_name(),
        "complaint": complaint,
        "caller_phone": complaint_caller_phone(user=user, complaint=complaint),
        "customer": _customer_context(complaint, access),
        "has_customer": complaint.customer_id is not None,
        "co_handlings": list(records["co_handlings"]),
        "feedbacks": list(records["feedbacks"]),
        "callbacks": list(records["callbacks"]),
        "rounds": list(requests_for(complaint)),
        "timeline": list(complaint_timeline(complaint)),
        "linked": list(complaint_linked(user=user, complaint=complaint)
                       .values_list("number", flat=True)),
        "printed_by": str(user),
        "printed_at_text": printed_at.strftime("%Y-%m-%d %H:%M"),
    }


def complaint_sheet_pdf(*, request, complaint: Complaint) -> bytes:
    """The handling sheet of `complaint` as PDF bytes, printed by `request.user` (who has
    already been shown to see the complaint: complaints.selectors.complaint_get)."""
    with translation.override(PRINT_LANGUAGE), timezone.override(PRINT_TIMEZONE):
        access = complaint_customer_read(request=request, complaint=complaint,
                                         action=AccessLog.Action.PRINT)
        context = complaint_sheet_context(complaint=complaint, user=request.user,
                                          access=access)
        return render_pdf(SHEET_TEMPLATE, context)
