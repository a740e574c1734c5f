"""Contract types as data (第三条) and the versioned clause texts of each type."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contracts.clauses import validate_clause_body
from core.models import BusinessModel


class Kind(models.TextChoices):
    INSTALLATION = "installation", _("Engineering installation")
    ALARM_INSTALLATION = "alarm_installation", _("Gas-alarm installation")
    SUPPLY = "supply", _("Gas supply")
    TAKE_OR_PAY = "take_or_pay", _("Take-or-pay")


INSTALLATION_KINDS = (Kind.INSTALLATION, Kind.ALARM_INSTALLATION)


class ContractType(BusinessModel):
    """第三条: the contract categories, as data (an admin adds or retires one without code)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    prefix = models.CharField(_("number prefix"), max_length=10, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract type")
        verbose_name_plural = _("contract types")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def current_template(self, on_date=None):
        """The clause template in force on `on_date` (today by default)."""
        on_date = on_date or timezone.localdate()
        return (self.templates.filter(effective_from__lte=on_date)
                .order_by("-effective_from", "-version").first())


class ClauseTemplate(BusinessModel):
    """A version of a type's contract text; the printed clauses are the version of signing day."""

    contract_type = models.ForeignKey(ContractType, verbose_name=_("contract type"),
                                      on_delete=models.PROTECT, related_name="templates")
    version = models.PositiveSmallIntegerField(_("version"))
    effective_from = models.DateField(_("effective from"))
    body = models.TextField(_("clauses"), help_text=_(
        "The contract text. Placeholders, plain names in braces only: {customer_name}, "
        "{contract_number}, {contract_title}, {contract_date}, {amount}, {amount_in_capitals}, "
        "{premises_address}, {starts_on}, {ends_on}, {project_name}, {project_site}, {works_from}, "
        "{works_to}, {delivery_point}, {supply_starts_on}, {company_name}. Write {{ and }} for "
        "a literal brace."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("clause template")
        verbose_name_plural = _("clause templates")
        ordering = ["contract_type_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["contract_type", "version"],
                                               name="contracts_template_unique_version")]

    def __str__(self):
        return f"{self.contract_type} v{self.version}"

    def clean(self):
        try:
            validate_clause_body(self.body)
        except ValidationError as exc:
            raise ValidationError({"body": exc.messages}) from None
