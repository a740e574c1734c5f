"""The complaint categories: a configurable two-level tree (篇二 §7; DOMAIN.md "Complaint
categories"), edited by the general manager and the system administrator in the admin and
seeded by a data migration (complaints.reference). Names are data, not interface text."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BusinessModel


class ComplaintCategory(BusinessModel):
    """One category; `parent` None is a top-level category. A child without limits of its own
    uses its parent's (`first_response_limit` / `resolution_limit`)."""

    parent = models.ForeignKey("self", verbose_name=_("parent category"),
                               on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=100)
    first_response_hours = models.DecimalField(
        _("first response limit (working hours)"), max_digits=5, decimal_places=1, null=True,
        blank=True, help_text=_("Empty: the parent category's limit."))
    resolution_days = models.DecimalField(
        _("resolution limit (working days)"), max_digits=5, decimal_places=1, null=True,
        blank=True, help_text=_("Empty: the parent category's limit."))
    is_safety_hazard = models.BooleanField(
        _("safety hazard"), default=False,
        help_text=_("Gas smell, leak: flagged at intake and shown first everywhere."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["ordering", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_response_hours__isnull=True)
                | models.Q(first_response_hours__gt=0),
                name="complaints_category_first_response_positive"),
            models.CheckConstraint(
                condition=models.Q(resolution_days__isnull=True)
                | models.Q(resolution_days__gt=0),
                name="complaints_category_resolution_positive"),
        ]

    def __str__(self):
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name

    def clean(self):
        errors = {}
        if self.parent_id and self.parent.parent_id:
            errors["parent"] = _("Categories have two levels: choose a top-level category.")
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = _("A category cannot be its own parent.")
        if self.pk and self.parent_id and self.children.exists():
            errors["parent"] = _("This category has sub-categories: it stays at the top level.")
        if not self.parent_id and (self.first_response_hours is None
                                   or self.resolution_days is None):
            errors["first_response_hours"] = _("A top-level category needs both limits.")
        if errors:
            raise ValidationError(errors)

    @property
    def first_response_limit(self) -> Decimal:
        """Working hours to the first response: the category's own, else its parent's."""
        if self.first_response_hours is not None or self.parent_id is None:
            return self.first_response_hours
        return self.parent.first_response_hours

    @property
    def resolution_limit(self) -> Decimal:
        """Working days to the resolution: the category's own, else its parent's."""
        if self.resolution_days is not None or self.parent_id is None:
            return self.resolution_days
        return self.parent.resolution_days

    @property
    def is_hazard(self) -> bool:
        """A safety hazard by itself or by its parent category."""
        return self.is_safety_hazard or bool(self.parent_id and self.parent.is_safety_hazard)
