"""Questionnaires as data (issue 12, part 1): a versioned 〈顾客满意度调查表〉 of sections and
questions; each rating question (1–5) belongs to a weighted dimension (篇二 §6 b): service
quality, package prices, the company overall, plus safety service and staff attitude).

A questionnaire that has collected answers is frozen: it is never edited again, only copied to
a new version (`surveys.services.questionnaire_new_version`)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BusinessModel

RATING_MIN = 1
RATING_MAX = 5
# Top-two-box: a rating of 4 or 5 counts as satisfied.
TOP_TWO_BOX = (4, 5)


class Questionnaire(BusinessModel):
    code = models.CharField(_("code"), max_length=30)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    # The version before this one, when this one was copied from it.
    previous = models.ForeignKey("self", verbose_name=_("previous version"),
                                on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"],
                                               name="surveys_questionnaire_version_unique")]

    def __str__(self):
        return f"{self.title} v{self.version}"


class Dimension(BusinessModel):
    """What the rating questions measure. `code` is stable across versions (the thresholds and
    the comparison with last year go by code)."""

    questionnaire = models.ForeignKey(Questionnaire, verbose_name=_("questionnaire"),
                                      on_delete=models.PROTECT, related_name="dimensions")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2,
                                 default=Decimal("1"), validators=[MinValueValidator(0)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["questionnaire_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"],
                                    name="surveys_dimension_code_unique"),
            models.CheckConstraint(condition=models.Q(weight__gte=0),
                                   name="surveys_dimension_weight_not_negative"),
        ]

    def __str__(self):
        return self.name


class Section(BusinessModel):
    questionnaire = models.ForeignKey(Questionnaire, verbose_name=_("questionnaire"),
                                      on_delete=models.PROTECT, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["questionnaire_id", "order", "id"]

    def __str__(self):
        return self.title


class Question(BusinessModel):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating 1–5")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.PROTECT,
                                related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    # Rating questions only: what the rating measures.
    dimension = models.ForeignKey(Dimension, verbose_name=_("dimension"),
                                  on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="questions")
    is_required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__order", "order", "id"]
        constraints = [models.CheckConstraint(
            condition=models.Q(kind="rating", dimension__isnull=False)
            | (~models.Q(kind="rating") & models.Q(dimension__isnull=True)),
            name="surveys_question_rating_has_dimension")]

    def __str__(self):
        return self.text

    @property
    def is_rating(self) -> bool:
        return self.kind == self.Kind.RATING

    @property
    def has_choices(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)


class Choice(BusinessModel):
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT,
                                 related_name="choices")
    label = models.CharField(_("label"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question_id", "order", "id"]

    def __str__(self):
        return self.label
