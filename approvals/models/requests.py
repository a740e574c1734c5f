"""One round of approval of one object (ApprovalRequest), its frozen steps (ApprovalStep) and
the decisions taken on them (Decision).

Submitting an object freezes the merged steps of every matching route into an ApprovalRequest
with ApprovalSteps, so later route edits never change a request in flight.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models.routes import Decider, DeciderFields, role_name
from core.models import BusinessModel, HashChainedModel


class ApprovalRequest(BusinessModel):
    """One round of approval of one object, with its frozen steps."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    content_type = models.ForeignKey(ContentType, verbose_name=_("type"),
                                     on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    comment = models.TextField(_("submission note"), blank=True)
    # A snapshot of what the inbox shows, taken at submission (no per-row queries there).
    title = models.CharField(_("title"), max_length=200)
    number = models.CharField(_("number"), max_length=60, blank=True)
    customer = models.CharField(_("customer"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2,
                                 null=True, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    conditions = models.JSONField(_("matched conditions"), default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["content_type_id", "object_id", "round"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "round"],
                                    name="approvals_request_unique_round"),
            # A double click or a resent form cannot open a second pending round.
            models.UniqueConstraint(fields=["content_type", "object_id"],
                                    condition=Q(status="pending"),
                                    name="approvals_request_one_pending"),
        ]
        # The inbox joins its steps to the pending requests for the submitter and the type:
        # read from this index alone.
        indexes = [models.Index(fields=["id", "submitted_by", "content_type"],
                                condition=Q(status="pending"), name="approvals_request_pending")]

    def __str__(self):
        return f"{self.title} ({_('round')} {self.round})"

    def get_absolute_url(self):
        return self.url or ""

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def type_label(self) -> str:
        model = self.content_type.model_class()
        return str(model._meta.verbose_name) if model else self.content_type.model


class ApprovalStep(DeciderFields, BusinessModel):
    """A frozen step of one request: who decides (resolved at submission) and its state."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Still to come")
        PENDING = "pending", _("Waiting for decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    request = models.ForeignKey(ApprovalRequest, verbose_name=_("request"),
                                on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    department = models.ForeignKey("accounts.Department", verbose_name=_("department"),
                                   on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("named user"),
                             on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    route_name = models.CharField(_("from route"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.WAITING)
    activated_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)
    # Every decision bumps the version with a conditional UPDATE: of two decisions made at
    # the same moment on the same version, the database accepts exactly one.
    version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["request_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "position"],
                                    name="approvals_step_unique_position"),
        ]
        # The inbox and its badge read the pending steps of a role or of a named user
        # (approvals.selectors._awaiting_sql): only pending rows are indexed.
        indexes = [
            models.Index(fields=["role", "due_at"], condition=Q(status="pending"),
                         name="approvals_step_pending_role"),
            models.Index(fields=["user", "due_at"], condition=Q(status="pending"),
                         name="approvals_step_pending_user"),
        ]

    def __str__(self):
        return f"{self.request} · {self.position}. {self.decider_label()}"

    def decider_label(self) -> str:
        return decider_text(
            label=self.label, decider=self.decider,
            user=lambda: str(self.user) if self.user_id else "",
            role=lambda: role_name(self.role),
            department=lambda: str(self.department) if self.department_id else "")

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.PENDING and self.due_at is not None and now > self.due_at


def decider_text(*, label: str, decider: str, user, role, department) -> str:
    """Who decides a step, as the inbox and the timeline name it: the step's own label, else
    the named user, else the role (in its department for a department role). `user`, `role`
    and `department` are callables giving the display names, read only when needed."""
    if label:
        return label
    if decider == Decider.FIELD_USER:
        return user()
    name = role()
    if decider == Decider.DEPARTMENT_ROLE and (where := department()):
        return f"{name}（{where}）"
    return name


class Decision(HashChainedModel, BusinessModel):
    """One person's approval or rejection of a step, for their own seat or a delegator's.

    Append-only and hash-chained (core.models.HashChainedModel): written once, never changed.
    """

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")

    step = models.ForeignKey(ApprovalStep, verbose_name=_("step"), on_delete=models.PROTECT,
                             related_name="decisions")
    seat = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided for"),
                             on_delete=models.PROTECT, related_name="+",
                             help_text=_("The role holder whose vote this is."))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.PROTECT, related_name="approval_decisions")
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    hash_chain_fields = ("step", "seat", "decided_by", "outcome", "comment", "decided_at",
                         "created_by")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["step_id", "decided_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["step", "seat"],
                                    name="approvals_decision_one_per_seat"),
        ]

    def __str__(self):
        return f"{self.decided_by} {self.get_outcome_display()} {self.step}"

    @property
    def is_delegated(self) -> bool:
        return self.seat_id != self.decided_by_id
