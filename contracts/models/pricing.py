"""Prices (第六条): the price bureau's standard, the budgets for non-standard jobs, and the
priced lines of an installation contract."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.roles import FINANCE
from core.models import BusinessModel


class PriceStandard(BusinessModel):
    """第六条: one priced item of the price bureau's standard, valid for a date range."""

    item = models.CharField(_("item"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20)
    unit_price = models.DecimalField(_("unit price (CNY)"), max_digits=12, decimal_places=2)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    document_number = models.CharField(_("price bureau document"), max_length=100)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"),
                                    on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("price standard")
        verbose_name_plural = _("price standards")
        ordering = ["item", "-effective_from"]

    def __str__(self):
        return f"{self.item} {self.unit_price}/{self.unit} ({self.effective_from})"

    def clean(self):
        errors = {}
        if self.approved_by_id and not self.approved_by.has_role(FINANCE):
            errors["approved_by"] = _("A price standard is approved by the finance department.")
        if self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)

    def in_force_on(self, day) -> bool:
        return self.effective_from <= day and (self.effective_to is None
                                               or day <= self.effective_to)


class BudgetEstimate(BusinessModel):
    """预算 by the budget department for a non-standard job (第六条)."""

    number = models.CharField(_("budget number"), max_length=20, unique=True, editable=False)
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"),
                                 on_delete=models.PROTECT, related_name="budgets")
    description = models.CharField(_("job"), max_length=200)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("prepared by"),
                                    on_delete=models.PROTECT, related_name="+")
    is_issued = models.BooleanField(_("issued"), default=False,
                                    help_text=_("An issued budget can be used by a contract."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.number} {self.description}"

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), Decimal("0.00"))


class BudgetLine(BusinessModel):
    budget = models.ForeignKey(BudgetEstimate, verbose_name=_("budget"),
                               on_delete=models.PROTECT, related_name="lines")
    description = models.CharField(_("item"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=20)
    unit_price = models.DecimalField(_("unit price (CNY)"), max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget_id", "id"]

    def __str__(self):
        return self.description

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


class PriceLine(BusinessModel):
    """A quantity of a price-standard item: the installation amount is their sum."""

    contract = models.ForeignKey("contracts.Contract", verbose_name=_("contract"),
                                 on_delete=models.PROTECT, related_name="price_lines")
    standard = models.ForeignKey(PriceStandard, verbose_name=_("price standard"),
                                 on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit_price = models.DecimalField(_("unit price (CNY)"), max_digits=12, decimal_places=2,
                                     editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("price line")
        verbose_name_plural = _("price lines")
        ordering = ["contract_id", "id"]

    def __str__(self):
        return f"{self.standard.item} × {self.quantity}"

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))
