"""The complaint (客户投诉, 篇二 §7) with its lifecycle, declared once in TRANSITIONS.

登记 → 处理中 → 待审批 → 待反馈 → 已反馈 → 已回访 → 已关闭:

- registered: received by a business department (§7.1), no handler yet;
- handling: a handler of the department works on it; a quality complaint (§7.2) also has a
  生产处 co-handler who records his part before the result is submitted;
- in_approval: the handling result waits for the general manager (§7.2, §7.3);
- awaiting_feedback: approved; the company office gives the feedback (§7.2, §7.3);
- feedback_given: the office recorded the feedback; the call-back (回访) comes next;
- called_back: the customer was satisfied or basically satisfied on the call-back;
- closed: the office closed it (after the call-back, or with the reason why none was possible).

The GM's rejection (or the submitter's withdrawal) sends it back to handling; a dissatisfied
call-back reopens it (重办: handling again, `reopen_count` + 1, a new approval round). A
complaint linked to an incident (`parent`) is not submitted by itself: the incident's feedback
is copied to it, which moves it from registered or handling straight to feedback_given; from
there it is called back and closed in its own right.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from complaints.models.categories import ComplaintCategory
from core.lifecycle import Lifecycle
from core.models import BusinessModel
from core.validators import validate_phone


class Channel(models.TextChoices):
    PHONE = "phone", _("Telephone")
    COUNTER = "counter", _("Service counter")
    LETTER = "letter", _("Letter")
    WEB = "web", _("Web form")
    VISIT = "visit", _("On-site visit")
    HOTLINE_12345 = "hotline_12345", _("12345 government hotline referral")


class ComplaintClass(models.TextChoices):
    # §7.2: handled by the business department together with 生产处.
    QUALITY = "quality", _("Service quality below standard")
    # §7.3: handled by the business department.
    SERVICE = "service", _("Dissatisfied with the service process")


class Urgency(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("urgency", "Normal")
    URGENT = "urgent", _("Urgent")


class Complaint(Lifecycle, BusinessModel):
    """One complaint, from intake to closing. Every change goes through complaints.services."""

    class Status(models.TextChoices):
        REGISTERED = "registered", pgettext_lazy("complaint status", "Registered")
        HANDLING = "handling", pgettext_lazy("complaint status", "Being handled")
        IN_APPROVAL = "in_approval", pgettext_lazy("complaint status", "Awaiting approval")
        AWAITING_FEEDBACK = "awaiting_feedback", pgettext_lazy("complaint status",
                                                               "Awaiting feedback")
        FEEDBACK_GIVEN = "feedback_given", pgettext_lazy("complaint status", "Feedback given")
        CALLED_BACK = "called_back", pgettext_lazy("complaint status", "Called back")
        CLOSED = "closed", pgettext_lazy("complaint status", "Closed")

    TRANSITIONS = {"status": {
        # A handler is assigned; a child of an incident gets the incident's feedback.
        Status.REGISTERED: frozenset({Status.HANDLING, Status.FEEDBACK_GIVEN}),
        Status.HANDLING: frozenset({Status.IN_APPROVAL, Status.FEEDBACK_GIVEN}),
        # The GM approves; a rejection or a withdrawal sends it back to handling.
        Status.IN_APPROVAL: frozenset({Status.AWAITING_FEEDBACK, Status.HANDLING}),
        Status.AWAITING_FEEDBACK: frozenset({Status.FEEDBACK_GIVEN}),
        # The call-back: satisfied, or dissatisfied (重办); closed without a call-back.
        Status.FEEDBACK_GIVEN: frozenset({Status.CALLED_BACK, Status.HANDLING, Status.CLOSED}),
        Status.CALLED_BACK: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset(),
    }}
    # Before the feedback: the handling is open and its deadlines run.
    OPEN = (Status.REGISTERED, Status.HANDLING, Status.IN_APPROVAL, Status.AWAITING_FEEDBACK)
    WORKABLE = (Status.REGISTERED, Status.HANDLING)
    AFTER_FEEDBACK = (Status.FEEDBACK_GIVEN, Status.CALLED_BACK)

    # 第十一条: the caller's phone reaches a person; masked for readers who do not work on it.
    IDENTIFYING_FIELDS = {"caller_phone": "phone"}

    number = models.CharField(_("complaint number"), max_length=20, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.REGISTERED, db_index=True)
    # Intake
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    external_number = models.CharField(_("12345 referral number"), max_length=40, blank=True)
    external_due_on = models.DateField(_("12345 due date"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    receiving_department = models.ForeignKey(
        "accounts.Department", verbose_name=_("receiving department"),
        on_delete=models.PROTECT, related_name="complaints_received")
    # Empty for a submission of the public web form.
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("received by"),
                                    on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"),
                                 on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="complaints")
    account = models.ForeignKey("customers.GasAccount", verbose_name=_("account"),
                                on_delete=models.PROTECT, null=True, blank=True,
                                related_name="complaints")
    premises = models.ForeignKey("customers.Premises", verbose_name=_("premises"),
                                 on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="complaints")
    caller_name = models.CharField(_("complainant's name"), max_length=100, blank=True)
    caller_phone = models.CharField(_("complainant's phone"), max_length=30, blank=True,
                                    validators=[validate_phone])
    caller_address = models.CharField(_("complainant's address"), max_length=200, blank=True)
    category = models.ForeignKey(ComplaintCategory,
                                 verbose_name=pgettext_lazy("complaint", "category"),
                                 on_delete=models.PROTECT, related_name="complaints")
    complaint_class = models.CharField(_("class (§7)"), max_length=10,
                                       choices=ComplaintClass.choices)
    text = models.TextField(_("complaint"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices,
                               default=Urgency.NORMAL)
    is_safety_hazard = models.BooleanField(_("safety hazard"), default=False)
    # Incidents: one outage, many callers
    is_incident = models.BooleanField(_("incident"), default=False)
    parent = models.ForeignKey("self", verbose_name=_("incident"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="linked")
    # Handling
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handler"),
                                on_delete=models.PROTECT, null=True, blank=True,
                                related_name="complaints_handled")
    co_handler = models.ForeignKey(settings.AUTH_USER_MODEL,
                                   verbose_name=_("co-handler (production)"),
                                   on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="complaints_co_handled")
    cause = models.TextField(_("cause"), blank=True)
    measures = models.TextField(_("measures taken"), blank=True)
    result = models.TextField(_("handling result"), blank=True)
    cost = models.DecimalField(_("cost (CNY)"), max_digits=12, decimal_places=2, null=True,
                               blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0,
                                                    editable=False)
    # Deadlines (complaints.deadlines) and the reminders' bookkeeping
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True,
                                              editable=False)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True,
                                          editable=False)
    escalation_due = models.DateTimeField(_("escalation to the general manager"), null=True,
                                          blank=True, editable=False)
    first_responded_at = models.DateTimeField(_("first response at"), null=True, blank=True,
                                              editable=False)
    resolved_at = models.DateTimeField(_("result approved at"), null=True, blank=True,
                                       editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True, editable=False)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0,
                                                        editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        # Safety hazards first everywhere (issue 11).
        ordering = ["-is_safety_hazard", "-received_at", "-id"]
        indexes = [models.Index(fields=["receiving_department", "-received_at"]),
                   models.Index(fields=["handler", "status"]),
                   models.Index(fields=["co_handler", "status"]),
                   models.Index(fields=["customer", "-received_at"]),
                   models.Index(fields=["status", "resolution_due"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(customer__isnull=False)
                                   | ~models.Q(caller_name=""),
                                   name="complaints_complainant_named"),
            models.CheckConstraint(condition=models.Q(cost__isnull=True)
                                   | models.Q(cost__gte=0),
                                   name="complaints_cost_not_negative"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("complaints:detail", args=[self.pk])

    def move_to(self, target) -> None:
        """`transition("status", target)`: the status changes only as the table declares."""
        self.transition("status", target)

    move_to.alters_data = True

    @property
    def is_quality(self) -> bool:
        """§7.2: handled together with 生产处, whose part is required before submission."""
        return self.complaint_class == ComplaintClass.QUALITY

    @property
    def is_workable(self) -> bool:
        """Registered or being handled: assigned, edited, linked to an incident."""
        return self.status in self.WORKABLE

    @property
    def is_handling(self) -> bool:
        return self.status == self.Status.HANDLING

    @property
    def is_open(self) -> bool:
        """Not yet answered: the deadlines run."""
        return self.status in self.OPEN

    @property
    def awaits_feedback(self) -> bool:
        return self.status == self.Status.AWAITING_FEEDBACK

    @property
    def feedback_given(self) -> bool:
        return self.status == self.Status.FEEDBACK_GIVEN

    @property
    def is_closable(self) -> bool:
        return self.status in self.AFTER_FEEDBACK

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_linked(self) -> bool:
        """A child of an incident: its feedback is the incident's."""
        return self.parent_id is not None

    @property
    def is_overdue(self) -> bool:
        """Not answered by its resolution deadline (or not responded to by the first one)."""
        if not self.is_open:
            return False
        now = timezone.now()
        late_response = (self.first_responded_at is None and self.first_response_due
                         and self.first_response_due < now)
        return bool(late_response or (self.resolution_due and self.resolution_due < now))

    @property
    def complainant(self) -> str:
        """The name given at intake (not the archive's data: see complaint_customer_read)."""
        return self.caller_name
