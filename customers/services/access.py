"""Access to confidential archives (第十一条): requests decided by the general manager, the
grants they give, and the removal of expired grants' object permissions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from approvals.services import approval_submit
from core.services import save_recorded
from customers.models import AccessGrant, AccessRequest
from notifications.models import Notification
from notifications.services import notify


@transaction.atomic
def access_request_create(*, requester, customers, purpose: str, scope: str,
                          days: int) -> AccessRequest:
    """File a request to read customers; the general manager decides through the engine."""
    customers = list(customers)
    errors = {}
    if not customers:
        errors["customers"] = _("Choose at least one customer.")
    if not purpose.strip():
        errors["purpose"] = _("Say why you need to read these archives.")
    if not 1 <= int(days) <= AccessRequest.MAX_DAYS:
        errors["days"] = _("Access is granted for 1 to %(max)s days.") % {
            "max": AccessRequest.MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    request = AccessRequest(requester=requester, purpose=purpose, scope=scope, days=days,
                            created_by=requester)
    save_recorded(request, "filed", requester)
    request.customers.set(customers)
    if approval_submit(target=request, by=requester) is None:
        raise ValidationError(_("No approval route for access requests is configured; ask the "
                                "system administrator."), code="no_route")
    return request


@transaction.atomic
def access_request_granted(*, access_request: AccessRequest, by=None) -> list[AccessGrant]:
    """On the GM's approval: one grant per customer, with guardian's object permissions; the
    history names `by` (the deciding GM; by default the last decider of the verified round).

    第十一条: refused (ValidationError, the approval rolls back) unless every decision of the
    last approval round was made in person (no delegate) by a holder of `gm` at that moment —
    a rewritten route or a direct call grants nothing.
    """
    from accounts.services import gm_decision_require

    decisions = gm_decision_require(target=access_request, subject=access_request.requester)
    by = by or decisions[-1].decided_by
    now = timezone.now()
    expires = now + datetime.timedelta(days=access_request.days)
    can_print = access_request.scope == AccessRequest.Scope.VIEW_PRINT
    grants = []
    for customer in access_request.customers.all():
        grant = AccessGrant(request=access_request, user=access_request.requester,
                            customer=customer, can_print=can_print, starts_at=now,
                            expires_at=expires)
        save_recorded(grant, "granted", by)
        assign_perm("customers.view_customer", access_request.requester, customer)
        if can_print:
            assign_perm("customers.print_customer", access_request.requester, customer)
        grants.append(grant)
    access_request.transition("status", AccessRequest.Status.APPROVED)
    save_recorded(access_request, AccessRequest.Status.APPROVED.value, by)
    notify(recipients=[access_request.requester_id], kind=Notification.Kind.GRANT_GIVEN, by=by,
           event_key=f"access-request:{access_request.pk}:granted",
           subject="、".join(grant.customer.number for grant in grants),
           url=access_request.get_absolute_url())
    return grants


def access_request_closed(*, access_request: AccessRequest, status: str, by) -> None:
    """Rejected by the GM or withdrawn by the requester: nothing is granted."""
    access_request.transition("status", status)
    save_recorded(access_request, status, by)


EXPIRY_NOTICE_DAYS = 3


@transaction.atomic
def grants_expiring_notify(*, now=None, days: int = EXPIRY_NOTICE_DAYS) -> int:
    """Tell each holder of a grant in force that ends within `days` days (the daily command
    expire_access_grants): once per grant, however often it runs. Returns the grants told."""
    now = now or timezone.now()
    expiring = (AccessGrant.objects.filter(starts_at__lte=now, expires_at__gt=now,
                                           expires_at__lte=now + datetime.timedelta(days=days),
                                           removed_at__isnull=True)
                .select_related("customer").order_by("id"))
    count = 0
    for grant in expiring:
        notify(recipients=[grant.user_id], kind=Notification.Kind.GRANT_EXPIRING,
               event_key=f"access-grant:{grant.pk}:expiring",
               subject=f"{grant.customer.number} → "
                       f"{timezone.localtime(grant.expires_at):%Y-%m-%d %H:%M}",
               url=grant.customer.get_absolute_url())
        count += 1
    return count


@transaction.atomic
def grants_expire(*, now=None) -> int:
    """Remove the object permissions of expired grants (the command expire_access_grants).
    Access already stops at expiry; this keeps guardian's tables clean. Returns the count."""
    now = now or timezone.now()
    expired = list(AccessGrant.objects.filter(expires_at__lte=now, removed_at__isnull=True)
                   .select_related("user", "customer"))
    for grant in expired:
        still = AccessGrant.objects.filter(user=grant.user, customer=grant.customer,
                                           starts_at__lte=now, expires_at__gt=now)
        if not still.exists():
            remove_perm("customers.view_customer", grant.user, grant.customer)
        if not still.filter(can_print=True).exists():
            remove_perm("customers.print_customer", grant.user, grant.customer)
        grant.removed_at = now
        grant._change_reason = "expired"
        grant.save()
    return len(expired)
