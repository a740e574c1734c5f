"""The 顾客满意度调查分析报告 (issue 12, part 5) and the company's required levels (part 6).

The office drafts the report (figures computed from the answers, its commentary and
conclusions) and submits it to the general manager through the approval engine; on approval its
figures and text are frozen (`figures`, the PDF as an attachment) and it is distributed to the
departments chosen, whose heads confirm receipt (篇二 §6 c)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from complaints.surveys.models.campaign import Campaign
from core.lifecycle import Lifecycle
from core.models import BusinessModel


class SurveyReport(Lifecycle, BusinessModel):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("survey report", "Draft")
        IN_APPROVAL = "in_approval", pgettext_lazy("survey report", "Awaiting approval")
        APPROVED = "approved", pgettext_lazy("survey report", "Approved")

    TRANSITIONS = {"status": {
        Status.DRAFT: frozenset({Status.IN_APPROVAL}),
        # The GM approves; a rejection or a withdrawal returns it to the office's draft.
        Status.IN_APPROVAL: frozenset({Status.APPROVED, Status.DRAFT}),
        Status.APPROVED: frozenset(),
    }}

    campaign = models.OneToOneField(Campaign, verbose_name=_("campaign"),
                                    on_delete=models.PROTECT, related_name="report")
    number = models.CharField(_("report number"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    commentary = models.TextField(_("commentary"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    # The analysis as submitted and approved (surveys.analysis.Analysis.as_json()): the
    # approved report never changes when late answers or a new questionnaire version come.
    figures = models.JSONField(_("figures"), default=dict, blank=True, editable=False)
    departments = models.ManyToManyField("accounts.Department",
                                         verbose_name=_("distributed to"), blank=True,
                                         through="ReportReceipt", related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True,
                                        editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"),
                                    on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("satisfaction survey report")
        verbose_name_plural = _("satisfaction survey reports")
        ordering = ["-campaign__year", "-id"]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("surveys:report", args=[self.pk])

    def move_to(self, target) -> None:
        self.transition("status", target)

    move_to.alters_data = True

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def in_approval(self) -> bool:
        return self.status == self.Status.IN_APPROVAL

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class ReportReceipt(BusinessModel):
    """The approved report sent to a department; its head confirms receipt."""

    report = models.ForeignKey(SurveyReport, verbose_name=_("report"), on_delete=models.PROTECT,
                               related_name="receipts")
    department = models.ForeignKey("accounts.Department", verbose_name=_("department"),
                                   on_delete=models.PROTECT, related_name="survey_receipts")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("receipt confirmed at"), null=True, blank=True,
                                        editable=False)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"),
                                     on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report receipt")
        verbose_name_plural = _("report receipts")
        ordering = ["report_id", "department__name"]
        constraints = [models.UniqueConstraint(fields=["report", "department"],
                                               name="surveys_receipt_once_per_department")]

    def __str__(self):
        return f"{self.report.number} → {self.department}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class SatisfactionTarget(BusinessModel):
    """The company's required level (篇二 §6 d): a minimum satisfaction index (0–100) for a
    dimension (by its stable code) or, with an empty code, for the overall index. Set by the
    general manager."""

    dimension_code = models.CharField(_("dimension code"), max_length=30, unique=True,
                                      blank=True)
    required_index = models.DecimalField(
        _("required satisfaction index"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("required satisfaction level")
        verbose_name_plural = _("required satisfaction levels")
        ordering = ["dimension_code"]
        constraints = [models.CheckConstraint(
            condition=models.Q(required_index__gte=0, required_index__lte=100),
            name="surveys_target_index_range")]

    def __str__(self):
        return f"{self.dimension_code or 'overall'} ≥ {self.required_index}"

    @property
    def is_overall(self) -> bool:
        return self.dimension_code == ""
