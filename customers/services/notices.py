"""Writes of premises and gas delivery notices (第七条)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import PLANNING
from core.sequences import next_number
from core.services import save_recorded
from customers.models import Customer, DeliveryNoticeRequest, GasDeliveryNotice, Premises
from customers.services.common import require_editor


@transaction.atomic
def premises_create(*, by, **fields) -> Premises:
    premises = Premises(created_by=by, **fields)
    save_recorded(premises, "created", by)
    return premises


@transaction.atomic
def notice_issue(*, premises: Premises, by, **fields) -> GasDeliveryNotice:
    """第七条: only 规划建设部 issues a gas delivery notice."""
    if not by.has_role(PLANNING):
        raise PermissionDenied
    year = timezone.localdate().year
    notice = GasDeliveryNotice(premises=premises, issued_by=by, created_by=by, **fields)
    notice.number = f"TZ{year}{next_number('TZ', year):06d}"
    save_recorded(notice, "issued", by)
    return notice


@transaction.atomic
def notice_request_create(*, customer: Customer, premises: Premises, by,
                          notes: str = "") -> DeliveryNoticeRequest:
    """The customer's staff member asks 规划建设部 for a delivery notice for `premises`
    (第七条); the request waits in planning's list of open requests. Not for a closed
    customer."""
    require_editor(customer, by)
    if customer.is_closed:
        raise ValidationError(_("The customer is closed."), code="customer_closed")
    request = DeliveryNoticeRequest(customer=customer, premises=premises, notes=notes,
                                    created_by=by)
    save_recorded(request, "requested", by)
    return request


@transaction.atomic
def notice_request_issue(*, notice_request: DeliveryNoticeRequest, by,
                         **fields) -> GasDeliveryNotice:
    """规划建设部 answers an open request with the notice it issues for its premises."""
    notice_request = DeliveryNoticeRequest.objects.select_for_update().get(pk=notice_request.pk)
    if not by.has_role(PLANNING):
        raise PermissionDenied
    notice_request.transition("status", DeliveryNoticeRequest.Status.ISSUED)
    notice = notice_issue(premises=notice_request.premises, by=by, **fields)
    notice_request.notice = notice
    save_recorded(notice_request, f"notice_issued: {notice.number}", by)
    return notice


@transaction.atomic
def notice_request_decline(*, notice_request: DeliveryNoticeRequest, by,
                           reason: str) -> DeliveryNoticeRequest:
    """规划建设部 declines an open request (premises not accepted yet …) with the reason."""
    notice_request = DeliveryNoticeRequest.objects.select_for_update().get(pk=notice_request.pk)
    if not by.has_role(PLANNING):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for declining.")})
    if len(reason) > 80:
        raise ValidationError({"reason": _("Keep the reason to %(max)s characters.")
                               % {"max": 80}})
    notice_request.transition("status", DeliveryNoticeRequest.Status.DECLINED)
    notice_request.answer = reason
    save_recorded(notice_request, f"declined: {reason}", by)
    return notice_request
