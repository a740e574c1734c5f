"""Corrective and preventive actions (纠正预防措施, 篇二 §6 d; issue 12, part 6).

起草 → 已指派 → 已完成 → 待效果验证 → 已关闭:
- drafted: created automatically for a dimension below the required level when the report is
  approved, or by hand by the office (e.g. from a complaint trend, linking the complaints);
- assigned: the office named the owner department and person, measures and due date;
- completed: the owner reported the measures done (evidence attached);
- awaiting_check: the office verified the work; its effectiveness waits for the next survey's
  figure of the dimension (an action opened from complaints is checked by the office by hand);
- closed: effective. An ineffective action (next figure still below the required level) or a
  verification the office refuses goes back to assigned.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.lifecycle import Lifecycle
from core.models import BusinessModel


class CorrectiveAction(Lifecycle, BusinessModel):
    class Status(models.TextChoices):
        DRAFTED = "drafted", pgettext_lazy("CAPA", "Drafted")
        ASSIGNED = "assigned", pgettext_lazy("CAPA", "Assigned")
        COMPLETED = "completed", pgettext_lazy("CAPA", "Completed by the owner")
        AWAITING_CHECK = "awaiting_check", pgettext_lazy("CAPA", "Awaiting effectiveness check")
        CLOSED = "closed", pgettext_lazy("CAPA", "Closed")

    class Kind(models.TextChoices):
        CORRECTIVE = "corrective", _("Corrective")
        PREVENTIVE = "preventive", _("Preventive")

    class Source(models.TextChoices):
        SURVEY = "survey", _("Satisfaction survey below the required level")
        COMPLAINTS = "complaints", _("Complaint trend")
        OTHER = "other", _("Other")

    TRANSITIONS = {"status": {
        Status.DRAFTED: frozenset({Status.ASSIGNED}),
        Status.ASSIGNED: frozenset({Status.COMPLETED}),
        # The office verifies the work, or sends it back.
        Status.COMPLETED: frozenset({Status.AWAITING_CHECK, Status.ASSIGNED}),
        # Effective: closed; not effective: assigned again.
        Status.AWAITING_CHECK: frozenset({Status.CLOSED, Status.ASSIGNED}),
        Status.CLOSED: frozenset(),
    }}
    OPEN = (Status.DRAFTED, Status.ASSIGNED, Status.COMPLETED)

    number = models.CharField(_("action number"), max_length=20, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices,
                              default=Status.DRAFTED, db_index=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    kind = models.CharField(_("action type"), max_length=12, choices=Kind.choices,
                            default=Kind.CORRECTIVE)
    # A survey's action: the report, the weak dimension and its figures.
    report = models.ForeignKey("surveys.SurveyReport", verbose_name=_("survey report"),
                               on_delete=models.PROTECT, null=True, blank=True,
                               related_name="actions")
    dimension_code = models.CharField(_("dimension code"), max_length=30, blank=True)
    dimension_name = models.CharField(_("dimension"), max_length=100, blank=True)
    measured_index = models.DecimalField(_("measured index"), max_digits=5, decimal_places=2,
                                         null=True, blank=True, editable=False)
    required_index = models.DecimalField(_("required index"), max_digits=5, decimal_places=2,
                                         null=True, blank=True, editable=False)
    complaints = models.ManyToManyField("complaints.Complaint", verbose_name=_("complaints"),
                                        blank=True, related_name="corrective_actions")
    # The analysis
    problem = models.TextField(_("problem"))
    root_cause = models.TextField(_("root-cause analysis"), blank=True)
    measures = models.TextField(_("measures"), blank=True)
    owner_department = models.ForeignKey("accounts.Department",
                                         verbose_name=_("owner department"),
                                         on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="corrective_actions")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"),
                              on_delete=models.PROTECT, null=True, blank=True,
                              related_name="corrective_actions")
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # The owner's report, the office's verification, the effectiveness check
    completion_note = models.TextField(_("what was done"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True,
                                        editable=False)
    verification_note = models.TextField(_("verification"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"),
                                    on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", editable=False)
    check_report = models.ForeignKey("surveys.SurveyReport",
                                     verbose_name=_("checked against report"),
                                     on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="checked_actions", editable=False)
    check_index = models.DecimalField(_("index at the check"), max_digits=5, decimal_places=2,
                                      null=True, blank=True, editable=False)
    is_effective = models.BooleanField(_("effective"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[complaints])

    class Meta:
        verbose_name = _("corrective/preventive action")
        verbose_name_plural = _("corrective/preventive actions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "due_on"]),
                   models.Index(fields=["owner_department", "status"])]
        constraints = [models.UniqueConstraint(
            fields=["report", "dimension_code"], condition=models.Q(report__isnull=False),
            name="surveys_capa_once_per_report_dimension")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("surveys:action", args=[self.pk])

    def move_to(self, target) -> None:
        self.transition("status", target)

    move_to.alters_data = True

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.due_on and self.due_on < timezone.localdate())

    @property
    def awaits_check(self) -> bool:
        return self.status == self.Status.AWAITING_CHECK
