"""Intake (§7.1): registering a complaint at the receiving department (or from the public web
form), changing its intake details, assigning its handler and co-handler, the first response,
incidents, and material attached to it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department
from accounts.roles import PRODUCTION
from complaints.actions import in_receiving_department
from complaints.deadlines import complaint_deadlines
from complaints.models import Channel, Complaint, ComplaintCategory, ComplaintClass, Urgency
from complaints.models import ComplaintEvent as Event
from complaints.services._common import _event, _locked, _record
from core.attachments import attachment_add
from core.sequences import next_number
from customers.selectors import customer_list

NUMBER_SERIES = "TS"
EDITABLE_FIELDS = ("channel", "external_number", "external_due_on", "customer", "account",
                   "premises", "caller_name", "caller_phone", "caller_address", "category",
                   "complaint_class", "text", "urgency", "is_safety_hazard")
# The public web form's submissions land here (a department code; the market department).
WEB_DEPARTMENT_SETTING = "COMPLAINT_WEB_DEPARTMENT"
WEB_CATEGORY = "other"


def _check_intake(complaint: Complaint, by, *, changed=None) -> None:
    """A customer of the archive the receiver may see (第十一条), its own account and premises;
    or a caller who is not a customer (name and phone); the 12345 referral's number."""
    errors = {}
    new = (lambda name: changed is None or name in changed)  # noqa: E731 - new or changed
    if new("customer") and complaint.customer_id is not None and not customer_list(
            user=by).filter(pk=complaint.customer_id).exists():
        errors["customer"] = _("Choose a customer you may see (第十一条).")
    if complaint.customer_id is None:
        if complaint.account_id or complaint.premises_id:
            errors["account"] = _("An account or premises is given only with its customer.")
        if not complaint.caller_name.strip():
            errors["caller_name"] = _("Give the complainant's name (or choose the customer).")
    elif complaint.account_id and complaint.account.customer_id != complaint.customer_id:
        errors["account"] = _("This account belongs to another customer.")
    elif complaint.premises_id and not complaint.customer.accounts.filter(
            premises_id=complaint.premises_id).exists():
        errors["premises"] = _("These premises are not the customer's.")
    if complaint.channel == Channel.HOTLINE_12345 and not complaint.external_number.strip():
        errors["external_number"] = _("Give the 12345 referral number.")
    if complaint.channel != Channel.HOTLINE_12345 and (complaint.external_number
                                                       or complaint.external_due_on):
        errors["external_number"] = _("A referral number and due date belong to a 12345 "
                                      "referral only.")
    if complaint.category_id and complaint.category.children.exists():
        errors["category"] = _("Choose a sub-category.")
    if new("category") and complaint.category_id and not complaint.category.is_active:
        errors["category"] = _("This category is no longer in use.")
    if errors:
        raise ValidationError(errors)


def _settle(complaint: Complaint) -> None:
    """Derived intake values: the account's premises; a safety hazard (from the category, or
    flagged by the receiver) is urgent; the deadlines from the start (complaints.deadlines)."""
    if complaint.account_id and not complaint.premises_id:
        complaint.premises = complaint.account.premises
    complaint.is_safety_hazard = complaint.category.is_hazard or complaint.is_safety_hazard
    if complaint.is_safety_hazard:
        complaint.urgency = Urgency.URGENT
    if complaint.reopen_count == 0:
        _set_deadlines(complaint, complaint.received_at)


def _set_deadlines(complaint: Complaint, start) -> None:
    deadlines = complaint_deadlines(category=complaint.category, start=start,
                                    external_due_on=complaint.external_due_on)
    complaint.first_response_due = deadlines.first_response_due
    complaint.resolution_due = deadlines.resolution_due
    complaint.escalation_due = deadlines.escalation_due


@transaction.atomic
def complaint_register(*, by, channel: str, category: ComplaintCategory, complaint_class: str,
                       text: str, receiving_department: Department | None = None,
                       received_at=None, is_incident: bool = False, **fields) -> Complaint:
    """登记 (§7.1): the receiving department registers a complaint, numbered
    TS-<year>-<6 digits>, its deadlines computed from its category. The receiver belongs to the
    receiving department (their own by default); `fields` are the other intake fields
    (EDITABLE_FIELDS). A safety hazard is flagged from the category (or by the receiver)."""
    department = receiving_department or by.department
    if department is None or not (by.department_id == department.pk
                                  or department.head_id == by.pk):
        raise ValidationError({"receiving_department": _(
            "Complaints are registered by a member of the receiving department (§7.1).")})
    complaint = Complaint(channel=channel, category=category, complaint_class=complaint_class,
                          text=text, receiving_department=department, received_by=by,
                          received_at=received_at or timezone.now(), is_incident=is_incident,
                          created_by=by, **_only_editable(fields))
    return _register(complaint, by=by)


def _register(complaint: Complaint, *, by) -> Complaint:
    _check_intake(complaint, by)
    _settle(complaint)
    year = timezone.localtime(complaint.received_at).year
    complaint.number = f"{NUMBER_SERIES}-{year}-{next_number(NUMBER_SERIES, year):06d}"
    note = _("Marked as an incident.") if complaint.is_incident else ""
    _record(complaint, by=by, code=Event.Code.REGISTERED, note=note)
    return complaint


@transaction.atomic
def complaint_register_web(*, caller_name: str, caller_phone: str, caller_address: str = "",
                           text: str) -> Complaint:
    """A submission of the public web form (no login): registered for the business department
    (settings.COMPLAINT_WEB_DEPARTMENT, "market" by default) in the category "other", as a
    service complaint, to be sorted by that department (edit)."""
    code = getattr(settings, WEB_DEPARTMENT_SETTING, "market")
    department = Department.objects.filter(code=code).first()
    if department is None:
        raise ValidationError(_("The web form is not configured: no department %(code)s.")
                              % {"code": code})
    if not caller_phone.strip():
        raise ValidationError({"caller_phone": _("Give a phone number we can call back.")})
    complaint = Complaint(channel=Channel.WEB, category=ComplaintCategory.objects.get(
        code=WEB_CATEGORY), complaint_class=ComplaintClass.SERVICE, text=text,
        receiving_department=department, caller_name=caller_name.strip(),
        caller_phone=caller_phone.strip(), caller_address=caller_address.strip())
    return _register(complaint, by=None)


def _only_editable(fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Not changeable here: %(fields)s")
                              % {"fields": ", ".join(sorted(unknown))})
    return fields


@transaction.atomic
def complaint_update(*, complaint: Complaint, by, **fields) -> Complaint:
    """The receiving department corrects the intake of a complaint registered or being
    handled (EDITABLE_FIELDS); the deadlines follow a new category or 12345 due date (before
    any reopening)."""
    complaint = _locked(complaint, by=by, action="edit")
    for name, value in _only_editable(fields).items():
        setattr(complaint, name, value)
    _check_intake(complaint, by, changed=set(fields))
    _settle(complaint)
    _record(complaint, by=by, code=Event.Code.EDITED, note="、".join(sorted(fields)))
    return complaint


@transaction.atomic
def complaint_assign(*, complaint: Complaint, by, handler, co_handler=None) -> Complaint:
    """The receiving department assigns (or changes) the handler, one of its own, and for a
    quality complaint the 生产处 co-handler (§7.2), who holds the production role. A registered
    complaint is then being handled."""
    complaint = _locked(complaint, by=by, action="assign")
    if not (handler.is_active and in_receiving_department(handler, complaint)):
        raise ValidationError({"handler": _("The handler is an active member of the receiving "
                                            "department (§7.2, §7.3).")})
    if co_handler is not None and not (co_handler.is_active and co_handler.has_role(PRODUCTION)):
        raise ValidationError({"co_handler": _("The co-handler holds the production role "
                                               "(生产处, §7.2).")})
    before = complaint.status
    complaint.handler = handler
    complaint.co_handler = co_handler or complaint.co_handler
    if complaint.status == Complaint.Status.REGISTERED:
        complaint.move_to(Complaint.Status.HANDLING)
    names = [str(handler)] + ([str(complaint.co_handler)] if complaint.co_handler_id else [])
    _record(complaint, by=by, code=Event.Code.ASSIGNED, before=before, note="、".join(names))
    return complaint


@transaction.atomic
def complaint_respond(*, complaint: Complaint, by, note: str = "") -> Complaint:
    """The first response to the complainant (the first-response limit stops)."""
    complaint = _locked(complaint, by=by, action="respond")
    complaint.first_responded_at = timezone.now()
    _record(complaint, by=by, code=Event.Code.RESPONDED, note=note.strip())
    return complaint


@transaction.atomic
def complaint_mark_incident(*, complaint: Complaint, by) -> Complaint:
    """Make the complaint an incident (one outage, many callers): others link to it."""
    complaint = _locked(complaint, by=by, action="mark_incident")
    complaint.is_incident = True
    _record(complaint, by=by, code=Event.Code.MARKED_INCIDENT)
    return complaint


@transaction.atomic
def complaint_link_incident(*, complaint: Complaint, incident: Complaint, by) -> Complaint:
    """Link the complaint to an incident not answered yet: the incident's feedback will be
    copied to it (complaint_record_feedback), and it is not submitted by itself."""
    complaint = _locked(complaint, by=by, action="link_incident")
    if incident.pk == complaint.pk or not incident.is_incident or not incident.is_open:
        raise ValidationError({"parent": _("Choose an incident that has not been answered "
                                           "yet.")})
    complaint.parent = incident
    _record(complaint, by=by, code=Event.Code.LINKED, note=incident.number)
    _event(incident, by=by, code=Event.Code.LINKED, note=complaint.number)
    return complaint


@transaction.atomic
def complaint_attach(*, complaint: Complaint, by, uploaded_file, kind: str = "",
                     title: str = ""):
    """Attach a file (letter, photo, referral sheet) to the complaint (core attachment
    store); refused once it is closed."""
    complaint = _locked(complaint, by=by, action="attach")
    return attachment_add(record=complaint, uploaded_file=uploaded_file, by=by, kind=kind,
                          title=title)
