"""Campaigns, samples and answers (issue 12, parts 2 and 3).

A campaign is the year's full survey (篇二 §6 a): 计划 → 收集中 → 分析中 → 已完成. In its
plan the office chooses the questionnaire, the confidence and margin (Cochran's sample size
with the finite-population correction) or a census, and draws the sample: stratified by the
customer's category (and district), with a recorded random seed and a frozen snapshot of the
sampling frame (`SampleFrame`), so the same sample can be drawn again and audited. Each sampled
customer is a `Respondent` with a respondent code, answered at most once (`Response`).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from complaints.surveys.models.questionnaire import Choice, Question, Questionnaire
from core.lifecycle import Lifecycle
from core.models import BusinessModel

DEFAULT_CONFIDENCE = Decimal("0.95")
DEFAULT_MARGIN = Decimal("0.05")


class Campaign(Lifecycle, BusinessModel):
    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("survey campaign", "Planned")
        COLLECTING = "collecting", pgettext_lazy("survey campaign", "Collecting answers")
        ANALYSING = "analysing", pgettext_lazy("survey campaign", "Analysing")
        COMPLETED = "completed", pgettext_lazy("survey campaign", "Completed")

    TRANSITIONS = {"status": {
        # Collection starts once the sample is drawn.
        Status.PLANNED: frozenset({Status.COLLECTING}),
        # The office ends the collection; it may reopen it while analysing (late answers).
        Status.COLLECTING: frozenset({Status.ANALYSING}),
        Status.ANALYSING: frozenset({Status.COLLECTING, Status.COMPLETED}),
        # The general manager approved the report.
        Status.COMPLETED: frozenset(),
    }}

    number = models.CharField(_("campaign number"), max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PLANNED, db_index=True)
    questionnaire = models.ForeignKey(Questionnaire, verbose_name=_("questionnaire"),
                                      on_delete=models.PROTECT, related_name="campaigns")
    # Sampling plan
    is_census = models.BooleanField(_("census (every customer)"), default=False)
    confidence = models.DecimalField(
        _("confidence level"), max_digits=4, decimal_places=3, default=DEFAULT_CONFIDENCE,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("0.999"))])
    margin = models.DecimalField(
        _("margin of error"), max_digits=4, decimal_places=3, default=DEFAULT_MARGIN,
        validators=[MinValueValidator(Decimal("0.005")), MaxValueValidator(Decimal("0.5"))])
    stratify_by_district = models.BooleanField(_("stratify by district as well"),
                                               default=False)
    # Customer categories in the frame (empty: every category).
    categories = models.JSONField(_("customer categories"), default=list, blank=True)
    seed = models.BigIntegerField(_("random seed"), null=True, blank=True, editable=False)
    sampled_at = models.DateTimeField(_("sample drawn at"), null=True, blank=True,
                                      editable=False)
    frame_size = models.PositiveIntegerField(_("sampling frame size"), null=True, blank=True,
                                             editable=False)
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True,
                                              editable=False)
    # Collection
    collection_ends_on = models.DateField(_("collection ends on"), null=True, blank=True)
    token_valid_days = models.PositiveSmallIntegerField(
        _("web links valid for (days)"), default=30,
        validators=[MinValueValidator(1), MaxValueValidator(180)])
    started_at = models.DateTimeField(_("collection started at"), null=True, blank=True,
                                      editable=False)
    collection_ended_at = models.DateTimeField(_("collection ended at"), null=True, blank=True,
                                               editable=False)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True,
                                        editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(confidence__gt=0, confidence__lt=1),
                                   name="surveys_campaign_confidence_range"),
            models.CheckConstraint(condition=models.Q(margin__gt=0, margin__lt=1),
                                   name="surveys_campaign_margin_range"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("surveys:campaign", args=[self.pk])

    def move_to(self, target) -> None:
        self.transition("status", target)

    move_to.alters_data = True

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_collecting(self) -> bool:
        return self.status == self.Status.COLLECTING

    @property
    def is_analysing(self) -> bool:
        return self.status == self.Status.ANALYSING

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def is_sampled(self) -> bool:
        return self.sampled_at is not None


class SampleFrame(BusinessModel):
    """The frozen sampling frame of a campaign: the customer ids of each stratum as they were
    when the sample was drawn (zlib-compressed JSON {stratum: [ids, ascending]}), its SHA-256
    and the population and sample size of each stratum. With the campaign's seed it draws the
    same sample again (`surveys.sampling.redraw`)."""

    campaign = models.OneToOneField(Campaign, verbose_name=_("campaign"),
                                    on_delete=models.PROTECT, related_name="frame")
    data = models.BinaryField(_("frame (compressed)"))
    digest = models.CharField(_("SHA-256"), max_length=64)
    # {stratum key: {"label": str, "population": int, "sample": int}}
    strata = models.JSONField(_("strata"), default=dict)

    history = HistoricalRecords(excluded_fields=["data"])

    class Meta:
        verbose_name = _("sampling frame")
        verbose_name_plural = _("sampling frames")

    def __str__(self):
        return f"{self.campaign.number} {self.digest[:12]}"


class Respondent(Lifecycle, BusinessModel):
    """A sampled customer. Paper questionnaires carry the respondent code (and its QR code); the
    web link carries a single-use token, stored only as its SHA-256."""

    class Status(models.TextChoices):
        SELECTED = "selected", pgettext_lazy("respondent", "Selected")
        INVITED = "invited", pgettext_lazy("respondent", "Invited")
        REMINDED = "reminded", pgettext_lazy("respondent", "Reminded")
        ANSWERED = "answered", pgettext_lazy("respondent", "Answered")
        REFUSED = "refused", pgettext_lazy("respondent", "Refused")
        UNREACHABLE = "unreachable", pgettext_lazy("respondent", "Unreachable")

    _OUTCOMES = frozenset({Status.ANSWERED, Status.REFUSED, Status.UNREACHABLE})
    TRANSITIONS = {"status": {
        Status.SELECTED: frozenset({Status.INVITED}) | _OUTCOMES,
        Status.INVITED: frozenset({Status.REMINDED}) | _OUTCOMES,
        Status.REMINDED: _OUTCOMES,
        # A refusal or an unreachable customer may still answer later (a paper form comes back).
        Status.REFUSED: frozenset({Status.ANSWERED}),
        Status.UNREACHABLE: frozenset({Status.ANSWERED, Status.INVITED}),
        Status.ANSWERED: frozenset(),
    }}
    OPEN = (Status.SELECTED, Status.INVITED, Status.REMINDED, Status.REFUSED,
            Status.UNREACHABLE)

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT,
                                 related_name="respondents")
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"),
                                 on_delete=models.PROTECT, related_name="survey_respondents")
    code = models.CharField(_("respondent code"), max_length=12, unique=True, editable=False)
    stratum = models.CharField(_("stratum"), max_length=80, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.SELECTED, db_index=True)
    token_digest = models.CharField(_("web link token (SHA-256)"), max_length=64, blank=True,
                                    db_index=True, editable=False)
    token_expires_at = models.DateTimeField(_("web link expires at"), null=True, blank=True,
                                            editable=False)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True, editable=False)
    outcome_at = models.DateTimeField(_("outcome at"), null=True, blank=True, editable=False)
    outcome_note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["campaign_id", "code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "customer"],
                                               name="surveys_respondent_once_per_campaign")]
        indexes = [models.Index(fields=["campaign", "stratum", "status"])]

    def __str__(self):
        return self.code

    def move_to(self, target) -> None:
        self.transition("status", target)

    move_to.alters_data = True

    @property
    def has_answered(self) -> bool:
        return self.status == self.Status.ANSWERED

    @property
    def may_answer(self) -> bool:
        return self.can_transition("status", self.Status.ANSWERED)


class Response(BusinessModel):
    """One respondent's answers, stored once (the one-to-one refuses a second)."""

    class Channel(models.TextChoices):
        PAPER = "paper", _("Paper questionnaire")
        PHONE = "phone", _("Telephone")
        WEB = "web", _("Web link")

    respondent = models.OneToOneField(Respondent, verbose_name=_("respondent"),
                                      on_delete=models.PROTECT, related_name="response")
    # Denormalised for the analysis' GROUP BY (the respondent's campaign and stratum).
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT,
                                 related_name="responses")
    stratum = models.CharField(_("stratum"), max_length=80)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # Paper and phone: who entered it; phone: who called and when.
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"),
                                   on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("called by"),
                                  on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["campaign_id", "-answered_at", "-id"]
        indexes = [models.Index(fields=["campaign", "stratum"])]

    def __str__(self):
        return f"{self.respondent.code} {self.get_channel_display()}"


class AnswerTag(BusinessModel):
    """The office's classification of free-text answers (e.g. 价格, 抄表, 服务态度)."""

    name = models.CharField(_("name"), max_length=50, unique=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer tag")
        verbose_name_plural = _("answer tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Answer(BusinessModel):
    """One answer to one question: a rating, a chosen option (a multiple-choice question has a
    row per option chosen) or a text."""

    response = models.ForeignKey(Response, verbose_name=_("response"), on_delete=models.PROTECT,
                                 related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT,
                                 related_name="answers")
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1),
                                                        MaxValueValidator(5)])
    choice = models.ForeignKey(Choice, verbose_name=_("choice"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="answers")
    text = models.TextField(_("text"), blank=True)
    tags = models.ManyToManyField(AnswerTag, verbose_name=_("tags"), blank=True,
                                  related_name="answers")

    history = HistoricalRecords(m2m_fields=[tags])

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response_id", "question_id", "id"]
        indexes = [models.Index(fields=["question", "rating"])]
        constraints = [models.CheckConstraint(
            condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
            name="surveys_answer_rating_range")]

    def __str__(self):
        return f"{self.question_id}: {self.rating or self.choice_id or self.text[:20]}"
