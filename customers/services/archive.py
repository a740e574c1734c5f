"""Writes of the archive itself: customers (预建档 → 有效 → 销户, the sales director's
confirmation), their contacts, transactions and visits."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import SALES_DIRECTOR, STAFF
from approvals.selectors import pending_request_for
from approvals.services import approval_submit
from core.sequences import next_number
from core.services import save_recorded
from core.validators import normalize_identifier, validate_resident_id, validate_uscc
from customers.models import Contact, Customer, GasAccount, IdType, TransactionRecord, Visit
from customers.selectors import customer_access, customer_has_required_contact
from customers.services.common import require_editor

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


def _contact_rule(customer: Customer) -> None:
    """第五条: a collective, commercial, public-welfare or industrial customer is active only
    with a current contact who has a name and a phone."""
    if customer.is_active and not customer_has_required_contact(customer):
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
    save_recorded(customer, "created", by)
    for contact_fields in contacts:
        contact_add(customer=customer, by=by, **contact_fields)
    customer_submit_archive(customer=customer, by=by)
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, by, **fields) -> Customer:
    """Change a customer. A change of identity or category sends the archive for confirmation
    again (篇二); while a confirmation is pending, identity and category cannot change."""
    require_editor(customer, by)
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
    save_recorded(customer, "changed", by)
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
        save_recorded(customer, "archive_confirmation_not_required", by)
    return request


def customer_on_archive_submitted(*, customer: Customer, by) -> None:
    """The archive went to the sales director (customers/approval_targets.py)."""
    customer.transition("archive_state", Customer.ArchiveState.PENDING)
    save_recorded(customer, "archive_submitted_for_confirmation", by)


def customer_on_archive_withdrawn(*, customer: Customer, by) -> None:
    """The submitter took the archive back before the sales director decided."""
    customer.transition("archive_state", Customer.ArchiveState.NOT_SUBMITTED)
    save_recorded(customer, "archive_confirmation_withdrawn", by)


def customer_on_archive_decided(*, customer: Customer, approved: bool, by) -> None:
    """The sales director's decision (`by`); a confirmed pre-registered archive becomes active
    when the contact rule allows it."""
    if approved and customer.is_draft and customer_has_required_contact(customer):
        customer.transition("status", Customer.Status.ACTIVE)
    customer.transition("archive_state", Customer.ArchiveState.APPROVED if approved
                        else Customer.ArchiveState.REJECTED)
    save_recorded(customer, "archive_confirmed" if approved else "archive_returned", by)


@transaction.atomic
def customer_set_status(*, customer: Customer, status: str, by, reason: str = "") -> Customer:
    """预建档 → 有效 → 销户. Active needs a confirmed archive and, for organisations, a contact;
    closing needs every account removed or long unused, and a reason, kept in the history."""
    require_editor(customer, by)
    reason = reason.strip()
    if customer.is_closed:
        raise ValidationError({"status": ValidationError(_(
            "A closed customer is reopened only by the sales director."), code="transition")})
    if status == Customer.Status.ACTIVE and not customer.is_archive_confirmed:
        raise ValidationError(_("The archive must be confirmed by the sales director before "
                                "the customer becomes active."), code="not_confirmed")
    if status == Customer.Status.CLOSED:
        if customer.accounts.exclude(status__in=GasAccount.NOT_IN_USE).exists():
            raise ValidationError(_("The customer still has accounts in use: remove them or "
                                    "mark them long unused first."), code="accounts_open")
        if not reason:
            raise ValidationError({"reason": _("Give the reason for closing the customer.")})
    _check_reason_length(reason)
    customer.transition("status", status)
    _contact_rule(customer)
    save_recorded(customer, f"status_{status}: {reason}" if reason else f"status_{status}", by)
    return customer


@transaction.atomic
def customer_reopen(*, customer: Customer, by, reason: str) -> Customer:
    """A closed customer reopened on the sales director's confirmation (篇二 审批确认, issue
    13), with the reason kept in its history: active again when the archive is confirmed and
    the contact rule (第五条) holds, otherwise pre-registered."""
    if not by.has_role(SALES_DIRECTOR):
        raise PermissionDenied
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening the customer.")})
    _check_reason_length(reason)
    active = customer.is_archive_confirmed and customer_has_required_contact(customer)
    customer.transition("status", Customer.Status.ACTIVE if active else Customer.Status.DRAFT)
    save_recorded(customer, f"reopened: {reason}", by)
    return customer


def _check_reason_length(reason: str) -> None:
    # The reason goes into the history row's change reason (100 characters) after a prefix.
    if len(reason) > 80:
        raise ValidationError({"reason": _("Keep the reason to %(max)s characters.")
                               % {"max": 80}})


@transaction.atomic
def contact_add(*, customer: Customer, by, **fields) -> Contact:
    require_editor(customer, by)
    contact = Contact(customer=customer, created_by=by, **fields)
    if not (contact.mobile or contact.landline):
        raise ValidationError({"mobile": _("Give a mobile or a landline number.")})
    if contact.is_primary:
        for other in customer.contacts.filter(is_primary=True):
            other.is_primary = False
            save_recorded(other, "primary_contact_changed", by)
    save_recorded(contact, "created", by)
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, by, **fields) -> Contact:
    require_editor(contact.customer, by)
    for name, value in fields.items():
        setattr(contact, name, value)
    if not (contact.mobile or contact.landline):
        raise ValidationError({"mobile": _("Give a mobile or a landline number.")})
    save_recorded(contact, "changed", by)
    customer = Customer.objects.get(pk=contact.customer_id)
    _contact_rule(customer)
    return contact


@transaction.atomic
def transaction_add(*, customer: Customer, by, **fields) -> TransactionRecord:
    require_editor(customer, by)
    record = TransactionRecord(customer=customer, created_by=by, **fields)
    save_recorded(record, "added", by)
    return record


@transaction.atomic
def visit_save(*, customer: Customer, by, visit: Visit | None = None, **fields) -> Visit:
    require_editor(customer, by)
    if visit is not None and visit.customer_id != customer.pk:
        raise ValidationError({"visit": _("Choose a visit of this customer.")})
    visit = visit or Visit(customer=customer, created_by=by, staff=by)
    for name, value in fields.items():
        setattr(visit, name, value)
    if not (visit.planned_on or visit.done_on):
        raise ValidationError({"planned_on": _("Give the planned date or the date it was done.")})
    save_recorded(visit, "saved", by)
    return visit
