"""Who sees which complaint (篇二 §7, 第十一条), and the permission-scoped reads.

A complaint is seen by the receiving department (its members and its head, §7.1), its handler
and co-handler, every holder of the production role for a quality complaint (§7.2), the company
office (feedback, §7.2–7.3), the general manager (approval), and whoever may read the
complainant customer (customers.selectors.customer_list: the standing readers and access
grants in force). Anyone else is told the complaint does not exist (404).

Seeing a complaint is not reading the customer's archive: the page shows the customer's data
only through `complaint_customer_read`, which answers None to a complaint reader who may not
read the customer and writes the customer's access log when it answers.
"""

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.roles import GM, OFFICE, PRODUCTION
from complaints.actions import in_receiving_department
from complaints.models import (
    Complaint,
    ComplaintCallback,
    ComplaintClass,
    ComplaintCoHandling,
    ComplaintEvent,
    ComplaintFeedback,
)
from core.access import access_log_write
from core.models import AccessLog
from core.text import mask_field_value
from customers.selectors import Access, customer_access, customer_list

ALL_COMPLAINT_ROLES = frozenset({GM, OFFICE})
_LIST_RELATED = ("category__parent", "receiving_department", "received_by", "handler",
                 "co_handler")


def complaint_visible_q(user) -> Q | None:
    """The visibility rule as one database condition; None means every complaint."""
    roles = user.role_codes
    if roles & ALL_COMPLAINT_ROLES:
        return None
    condition = (Q(handler=user) | Q(co_handler=user) | Q(received_by=user)
                 | Q(receiving_department__head=user)
                 | Q(customer__in=customer_list(user=user).values("pk")))
    if user.department_id is not None:
        condition |= Q(receiving_department_id=user.department_id)
    if PRODUCTION in roles:
        condition |= Q(complaint_class=ComplaintClass.QUALITY)
    return condition


def complaint_list(*, user, status: str | None = None, complaint_class: str | None = None,
                   category=None, channel: str | None = None, department=None,
                   urgency: str | None = None, overdue: bool | None = None,
                   received_from: datetime.date | None = None,
                   received_to: datetime.date | None = None, search: str = "",
                   handler=None) -> QuerySet:
    """Complaints the user may open, filtered in the database (safety hazards first), with
    the optional filters of the list page. `category` also matches its sub-categories;
    `search` matches the number, the complainant's name or the exact phone, within what the
    user sees; `handler` keeps the complaints that user handles or co-handles. The query
    count does not depend on the number of complaints: the related rows of a page come in
    the same query (no customer: see complaint_customer_read)."""
    if not (user and user.is_authenticated and user.is_active):
        return Complaint.objects.none()
    queryset = Complaint.objects.select_related(*_LIST_RELATED)
    condition = complaint_visible_q(user)
    if condition is not None:
        queryset = queryset.filter(condition)
    filters = {"status": status, "complaint_class": complaint_class, "channel": channel,
               "receiving_department": department, "urgency": urgency,
               "received_at__date__gte": received_from, "received_at__date__lte": received_to}
    queryset = queryset.filter(**{key: value for key, value in filters.items()
                                  if value not in (None, "")})
    if category is not None:
        queryset = queryset.filter(Q(category=category) | Q(category__parent=category))
    if handler is not None:
        queryset = queryset.filter(Q(handler=handler) | Q(co_handler=handler))
    if overdue is not None:
        late = overdue_q()
        queryset = queryset.filter(late) if overdue else queryset.exclude(late)
    search = (search or "").strip()
    if search:
        queryset = queryset.filter(Q(number__icontains=search) | Q(caller_name__icontains=search)
                                   | Q(caller_phone=search))
    return queryset


def overdue_q(now: datetime.datetime | None = None) -> Q:
    """Open complaints past their resolution deadline, or past the first-response deadline
    without a first response (Complaint.is_overdue in the database)."""
    now = now or timezone.now()
    late = Q(resolution_due__lt=now) | Q(first_responded_at__isnull=True,
                                         first_response_due__lt=now)
    return Q(status__in=Complaint.OPEN) & late


def complaints_overdue(*, user) -> QuerySet:
    """The user's visible complaints that are overdue (the highlighted list)."""
    return complaint_list(user=user, overdue=True)


def complaint_get(*, user, pk: int) -> Complaint:
    """The complaint if the user may see it; 404 otherwise (absence and prohibition alike)."""
    complaint = (complaint_list(user=user).select_related("parent", "created_by")
                 .filter(pk=pk).first())
    if complaint is None:
        raise Http404
    return complaint


def customer_complaints(*, user, customer) -> QuerySet:
    """The customer page's 投诉 tab: the customer's complaints the user sees (the page has
    already established that the user reads the customer)."""
    return complaint_list(user=user).filter(customer=customer)


def complaint_customer_read(*, request, complaint: Complaint,
                            action: str = AccessLog.Action.VIEW) -> Access | None:
    """第十一条: the complainant customer's archive data for the complaint page, or None.

    Returns the user's Access to the customer (full or masked, customers.selectors) and writes
    the customer's access log under its basis; None, writing nothing, when the complaint has
    no customer or the user may not read it (the page then shows the complaint without the
    archive data). Call it once per page that shows the data. For a printout (`action`
    PRINT, the handling sheet) the access must also allow printing (full rights or a grant
    that prints), else None."""
    if complaint.customer_id is None:
        return None
    access = customer_access(user=request.user, customer=complaint.customer)
    if access is None:
        return None
    if action == AccessLog.Action.PRINT and not (access.full or access.can_print):
        return None
    access_log_write(request=request, obj=complaint.customer, action=action,
                     grant=access.basis)
    return access


def complaint_sees_caller(*, user, complaint: Complaint) -> bool:
    """Who calls the complainant back sees the phone in full: the receiving department, the
    handler and co-handler, the office and the general manager; other readers (production
    holders, readers of the customer) see it masked."""
    return bool(user.role_codes & ALL_COMPLAINT_ROLES
                or user.pk in (complaint.handler_id, complaint.co_handler_id,
                               complaint.received_by_id)
                or in_receiving_department(user, complaint))


def complaint_caller_phone(*, user, complaint: Complaint) -> str:
    """The complainant's phone as `user` may see it (core.text masking otherwise)."""
    if complaint_sees_caller(user=user, complaint=complaint):
        return complaint.caller_phone
    return mask_field_value(Complaint, "caller_phone", complaint.caller_phone)


def complaint_timeline(complaint: Complaint) -> QuerySet:
    """Every event of the complaint, oldest first, with who did it (the page's timeline)."""
    return ComplaintEvent.objects.filter(complaint=complaint).select_related("by")


def complaint_records(complaint: Complaint) -> dict:
    """生产处's parts, the feedback and the call-backs of every round, oldest first."""
    return {
        "co_handlings": ComplaintCoHandling.objects.filter(complaint=complaint)
        .select_related("by"),
        "feedbacks": ComplaintFeedback.objects.filter(complaint=complaint)
        .select_related("given_by", "copied_from__complaint"),
        "callbacks": ComplaintCallback.objects.filter(complaint=complaint)
        .select_related("called_by"),
    }


def complaint_linked(*, user, complaint: Complaint) -> QuerySet:
    """The complaints linked to an incident that the user sees."""
    return complaint_list(user=user).filter(parent=complaint)


def incidents_for_linking(*, user, complaint: Complaint) -> QuerySet:
    """The incidents `complaint` may be linked to: visible to the user, not answered yet."""
    return (complaint_list(user=user).filter(is_incident=True, status__in=Complaint.OPEN)
            .exclude(pk=complaint.pk))
