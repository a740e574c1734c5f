"""Every write of the customer archive, each atomic, validated and recorded in history."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm, remove_perm

from accounts.roles import PLANNING, STAFF
from approvals.selectors import pending_request_for
from approvals.services import approval_submit
from core.sequences import next_number
from core.services import save_recorded as _save
from core.validators import normalize_identifier, validate_resident_id, validate_uscc
from customers.models import (
    AccessGrant,
    AccessRequest,
    Alarm,
    Appliance,
    Contact,
    Customer,
    GasAccount,
    GasDeliveryNotice,
    IdType,
    Meter,
    MeterChange,
    Premises,
    TransactionRecord,
    Visit,
)
from customers.selectors import customer_access, customer_writer

IDENTITY_FIELDS = ("category", "id_type", "id_number", "name")


def _validate_identity(customer: Customer, by) -> None:
    customer.id_number = normalize_identifier(customer.id_number)
    validator = {IdType.RESIDENT_ID: validate_resident_id, IdType.USCC: validate_uscc}.get(
        customer.id_type)
    if validator and customer.id_number:
        try:
            validator(customer.id_number)
        except ValidationError as exc:
            raise ValidationError({"id_number": exc.messages}) from None
    if not customer.id_number:
        raise ValidationError({"id_number": _("Enter the number of the identity document.")})
    same = Customer.objects.filter(id_type=customer.id_type, id_number=customer.id_number
                                   ).exclude(pk=customer.pk).first()
    if same is None:
        return
    # 第十一条: which archive holds a document number is said only to a reader of that archive.
    if customer_access(user=by, customer=same) is None:
        raise ValidationError({"id_number": _("Duplicate of an existing archive.")})
    raise ValidationError({"id_number": _(
        "This document number is already registered for customer %(number)s.")
        % {"number": same.number}})


def _require_editor(customer: Customer, by) -> None:
    """The writer rule (customers.selectors.customer_writer) or PermissionDenied."""
    if not customer_writer(user=by, customer=customer):
        raise PermissionDenied


# 第十一条: a second record named by the user (the new owner of a transfer) must be one the user
# writes; "not yours" and "no such number" read the same, so the answer is no oracle.
TRANSFER_TARGET_ERROR = gettext_lazy(
    "New customer's number: no customer of yours has this number.")


def _has_required_contact(customer: Customer) -> bool:
    return not customer.needs_contact or any(contact.is_reachable
                                             for contact in customer.contacts.all())


def _contact_rule(customer: Customer) -> None:
    """第五条: a collective, commercial, public-welfare or industrial customer is active only
    with a current contact who has a name and a phone."""
    if customer.is_active and not _has_required_contact(customer):
        raise ValidationError(_(
            "A %(category)s customer needs a contact with a name and a phone number before it "
            "can be active (第五条). Add the contact first.")
            % {"category": customer.get_category_display()}, code="contact_required")


@transaction.atomic
def customer_create(*, by, contacts=(), **fields) -> Customer:
    """Register a customer (预建档) with its contacts and send the archive for confirmation."""
    if not by.has_role(STAFF):
        raise PermissionDenied
    customer = Customer(created_by=by, **fields)
    customer.sales_rep_id = customer.sales_rep_id or by.pk
    customer.custodian_id = customer.custodian_id or by.pk
    customer.status = Customer.Status.DRAFT
    _validate_identity(customer, by)
    year = timezone.localdate().year
    customer.number = f"KH{year}{next_number('KH', year):06d}"
    _save(customer, "created", by)
    for contact_fields in contacts:
        contact_add(customer=customer, by=by, **contact_fields)
    customer_submit_archive(customer=customer, by=by)
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, by, **fields) -> Customer:
    """Change a customer. A change of identity or category sends the archive for confirmation
    again (篇二); while a confirmation is pending, identity and category cannot change."""
    _require_editor(customer, by)
    before = Customer.objects.select_for_update().get(pk=customer.pk)
    for name, value in fields.items():
        setattr(customer, name, value)
    _validate_identity(customer, by)
    identity_changed = any(getattr(before, name) != getattr(customer, name)
                           for name in IDENTITY_FIELDS)
    if identity_changed and before.is_archive_pending:
        raise ValidationError(_("The archive is waiting for the sales director's confirmation: "
                                "its identity and category cannot change until then."),
                              code="archive_pending")
    if before.credit_rating != customer.credit_rating or before.credit_note != customer.credit_note:
        customer.credit_noted_on = timezone.localdate()
    _contact_rule(customer)
    _save(customer, "changed", by)
    if identity_changed and customer.is_archive_submitted:
        customer_submit_archive(customer=customer, by=by)
    return customer


def customer_submit_archive(*, customer: Customer, by):
    """Send the archive to the sales director (审批确认) through the approval engine."""
    if pending_request_for(customer) is not None:
        return None
    request = approval_submit(target=customer, by=by)
    if request is None:  # no route configured: nothing to confirm
        customer.transition("archive_state", Customer.ArchiveState.APPROVED)
        _save(customer, "archive confirmation not required", by)
    return request


def customer_on_archive_submitted(*, customer: Customer, by) -> None:
    """The archive went to the sales director (customers/approval_targets.py)."""
    customer.transition("archive_state", Customer.ArchiveState.PENDING)
    _save(customer, "archive submitted for confirmation", by)


def customer_on_archive_withdrawn(*, customer: Customer, by) -> None:
    """The submitter took the archive back before the sales director decided."""
    customer.transition("archive_state", Customer.ArchiveState.NOT_SUBMITTED)
    _save(customer, "archive confirmation withdrawn", by)


def customer_on_archive_decided(*, customer: Customer, approved: bool, by) -> None:
    """The sales director's decision (`by`); a confirmed pre-registered archive becomes active
    when the contact rule allows it."""
    if approved and customer.is_draft and _has_required_contact(customer):
        customer.transition("status", Customer.Status.ACTIVE)
    customer.transition("archive_state", Customer.ArchiveState.APPROVED if approved
                        else Customer.ArchiveState.REJECTED)
    _save(customer, "archive confirmed" if approved else "archive returned", by)


@transaction.atomic
def customer_set_status(*, customer: Customer, status: str, by) -> Customer:
    """预建档 → 有效 → 销户. Active needs a confirmed archive and, for organisations, a contact;
    closing needs every account removed or long unused."""
    _require_editor(customer, by)
    if status == Customer.Status.ACTIVE and not customer.is_archive_confirmed:
        raise ValidationError(_("The archive must be confirmed by the sales director before "
                                "the customer becomes active."), code="not_confirmed")
    if status == Customer.Status.CLOSED and customer.accounts.exclude(
            status__in=GasAccount.NOT_IN_USE).exists():
        raise ValidationError(_("The customer still has accounts in use: remove them or mark "
                                "them long unused first."), code="accounts_open")
    customer.transition("status", status)
    _contact_rule(customer)
    _save(customer, f"status {status}", by)
    return customer


@transaction.atomic
def contact_add(*, customer: Customer, by, **fields) -> Contact:
    _require_editor(customer, by)
    contact = Contact(customer=customer, created_by=by, **fields)
    if not (contact.mobile or contact.landline):
        raise ValidationError({"mobile": _("Give a mobile or a landline number.")})
    if contact.is_primary:
        for other in customer.contacts.filter(is_primary=True):
            other.is_primary = False
            _save(other, "primary contact changed", by)
    _save(contact, "created", by)
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, by, **fields) -> Contact:
    _require_editor(contact.customer, by)
    for name, value in fields.items():
        setattr(contact, name, value)
    if not (contact.mobile or contact.landline):
        raise ValidationError({"mobile": _("Give a mobile or a landline number.")})
    _save(contact, "changed", by)
    customer = Customer.objects.get(pk=contact.customer_id)
    _contact_rule(customer)
    return contact


@transaction.atomic
def premises_create(*, by, **fields) -> Premises:
    premises = Premises(created_by=by, **fields)
    _save(premises, "created", by)
    return premises


@transaction.atomic
def notice_issue(*, premises: Premises, by, **fields) -> GasDeliveryNotice:
    """第七条: only 规划建设部 issues a gas delivery notice."""
    if not by.has_role(PLANNING):
        raise PermissionDenied
    year = timezone.localdate().year
    notice = GasDeliveryNotice(premises=premises, issued_by=by, created_by=by, **fields)
    notice.number = f"TZ{year}{next_number('TZ', year):06d}"
    _save(notice, "issued", by)
    return notice


def account_open_problems(*, customer: Customer, premises: Premises | None,
                          notice: GasDeliveryNotice | None, use_class) -> list[str]:
    """Everything that stops an account from being opened, in Chinese (第七条)."""
    problems = []
    if customer.is_closed:
        problems.append(_("The customer is closed."))
    if premises is None:
        problems.append(_("Choose or enter the premises."))
    if use_class is None:
        problems.append(_("Choose the gas-use class."))
    if notice is None:
        problems.append(_("A gas delivery notice issued by the planning and construction "
                          "department is required (第七条)."))
    else:
        if notice.is_void:
            problems.append(_("The delivery notice %(number)s is void.")
                            % {"number": notice.number})
        if premises is not None and notice.premises_id != premises.pk:
            problems.append(_("The delivery notice %(number)s is for other premises.")
                            % {"number": notice.number})
        if notice.accounts.exists():
            # One notice, one account: another customer's premises are not taken over here.
            problems.append(_("The delivery notice %(number)s is already used by an account.")
                            % {"number": notice.number})
        if not notice.drawings_count():
            problems.append(_("The delivery notice %(number)s has no acceptance drawings "
                              "attached.") % {"number": notice.number})
    return problems


@transaction.atomic
def account_open(*, customer: Customer, premises: Premises | None, notice, use_class, by,
                 opened_on=None, meter: dict | None = None, appliances=(),
                 alarm: dict | None = None) -> GasAccount:
    """开户 (第七条–第八条): refuses with every missing piece listed; meter, appliances and
    alarm may follow later (the account is incomplete until they are entered)."""
    _require_editor(customer, by)
    problems = account_open_problems(customer=customer, premises=premises, notice=notice,
                                     use_class=use_class)
    if problems:
        raise ValidationError(problems, code="cannot_open")
    year = timezone.localdate().year
    account = GasAccount(customer=customer, premises=premises, delivery_notice=notice,
                         use_class=use_class, opened_by=by, created_by=by,
                         opened_on=opened_on or timezone.localdate())
    account.number = f"{year}{next_number('HH', year):06d}"
    _save(account, "opened", by)
    if meter:
        meter_install(account=account, by=by, **meter)
    for appliance in appliances:
        appliance_add(account=account, by=by, **appliance)
    if alarm:
        alarm_add(account=account, by=by, **alarm)
    return account


@transaction.atomic
def account_ignite(*, account: GasAccount, by, on: datetime.date | None = None) -> GasAccount:
    """First ignition (通气/开栓): the account becomes normal; it needs its meter first, and
    happens once."""
    _require_editor(account.customer, by)
    if not account.awaits_ignition:
        raise ValidationError(_("The first ignition of this account is already recorded."),
                              code="already_ignited")
    if not account.meters.filter(is_current=True).exists():
        raise ValidationError(_("Enter the meter before the first ignition."), code="no_meter")
    account.first_ignition_on = on or timezone.localdate()
    account.first_ignition_by = by
    account.transition("status", GasAccount.Status.NORMAL)
    _save(account, "first ignition", by)
    return account


@transaction.atomic
def account_transfer(*, account: GasAccount, to_customer: Customer, by,
                     reason: str) -> GasAccount:
    """过户: the account moves to another customer that `by` also writes (responsible staff,
    custodian or registrant of both); history keeps the old link."""
    _require_editor(account.customer, by)
    if not customer_writer(user=by, customer=to_customer):
        raise ValidationError({"to_customer": TRANSFER_TARGET_ERROR})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the transfer.")})
    if to_customer.pk == account.customer_id:
        raise ValidationError({"to_customer": _("The account already belongs to this customer.")})
    if to_customer.is_closed:
        raise ValidationError({"to_customer": _("The new customer is closed.")})
    account.customer = to_customer
    _save(account, _("transfer of ownership: %(reason)s") % {"reason": reason}, by)
    return account


@transaction.atomic
def meter_install(*, account: GasAccount, by, **fields) -> Meter:
    _require_editor(account.customer, by)
    if account.meters.filter(is_current=True).exists():
        raise ValidationError(_("The account already has a meter in service: record a meter "
                                "change instead."), code="meter_exists")
    meter = Meter(account=account, created_by=by, is_current=True, **fields)
    _save(meter, "installed", by)
    return meter


@transaction.atomic
def meter_change(*, account: GasAccount, by, old_final_reading, reason: str,
                 changed_on=None, **new_meter) -> MeterChange:
    """换表: retire the current meter with its final reading, install the new one."""
    _require_editor(account.customer, by)
    old = account.meters.select_for_update().filter(is_current=True).first()
    if old is None:
        raise ValidationError(_("The account has no meter in service to change."))
    if old_final_reading < old.initial_reading:
        raise ValidationError({"old_final_reading": _(
            "The final reading is below the old meter's initial reading (%(initial)s).")
            % {"initial": old.initial_reading}})
    changed_on = changed_on or timezone.localdate()
    old.is_current, old.removed_on, old.final_reading = False, changed_on, old_final_reading
    _save(old, "changed out", by)
    new = Meter(account=account, created_by=by, is_current=True,
                installed_on=new_meter.pop("installed_on", changed_on), **new_meter)
    _save(new, "installed (meter change)", by)
    change = MeterChange(account=account, old_meter=old, new_meter=new, reason=reason,
                         old_final_reading=old_final_reading, changed_on=changed_on,
                         new_initial_reading=new.initial_reading, created_by=by)
    _save(change, "meter change", by)
    return change


@transaction.atomic
def appliance_add(*, account: GasAccount, by, **fields) -> Appliance:
    _require_editor(account.customer, by)
    appliance = Appliance(account=account, created_by=by, **fields)
    _save(appliance, "added", by)
    return appliance


@transaction.atomic
def alarm_add(*, account: GasAccount, by, **fields) -> Alarm:
    _require_editor(account.customer, by)
    alarm = Alarm(account=account, created_by=by, **fields)
    if not alarm.replace_due_on and alarm.installed_on:
        # Typical service life: 5 years in homes, 3 on commercial premises.
        years = 5 if account.customer.is_residential else 3
        installed = alarm.installed_on
        if installed.year + years > datetime.MAXYEAR:
            raise ValidationError({"installed_on": _("Enter a real installation date.")})
        try:
            alarm.replace_due_on = installed.replace(year=installed.year + years)
        except ValueError:  # installed on 29 February
            alarm.replace_due_on = installed.replace(year=installed.year + years, day=28)
    _save(alarm, "added", by)
    return alarm


@transaction.atomic
def transaction_add(*, customer: Customer, by, **fields) -> TransactionRecord:
    _require_editor(customer, by)
    record = TransactionRecord(customer=customer, created_by=by, **fields)
    _save(record, "added", by)
    return record


@transaction.atomic
def visit_save(*, customer: Customer, by, visit: Visit | None = None, **fields) -> Visit:
    _require_editor(customer, by)
    if visit is not None and visit.customer_id != customer.pk:
        raise ValidationError({"visit": _("Choose a visit of this customer.")})
    visit = visit or Visit(customer=customer, created_by=by, staff=by)
    for name, value in fields.items():
        setattr(visit, name, value)
    if not (visit.planned_on or visit.done_on):
        raise ValidationError({"planned_on": _("Give the planned date or the date it was done.")})
    _save(visit, "saved", by)
    return visit


# --- Access to confidential archives (第十一条) ---------------------------------------------
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
    _save(request, "filed", requester)
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
        _save(grant, "granted", by)
        assign_perm("customers.view_customer", access_request.requester, customer)
        if can_print:
            assign_perm("customers.print_customer", access_request.requester, customer)
        grants.append(grant)
    access_request.transition("status", AccessRequest.Status.APPROVED)
    _save(access_request, AccessRequest.Status.APPROVED.value, by)
    return grants


def access_request_closed(*, access_request: AccessRequest, status: str, by) -> None:
    """Rejected by the GM or withdrawn by the requester: nothing is granted."""
    access_request.transition("status", status)
    _save(access_request, status, by)


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


def notice_may_attach(*, notice: GasDeliveryNotice, user) -> bool:
    """第七条: the acceptance drawings of a valid notice come from 规划建设部."""
    return user.has_role(PLANNING) and not notice.is_void
