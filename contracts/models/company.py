"""The company's own party (甲方) as printed on every contract: one row, kept with its history
by the general manager and the system administrator (issue 13, point 5)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BusinessModel

SINGLETON_PK = 1
# The party fields in print order: each one a contract prints for 甲方.
PARTY_FIELDS = ("name", "address", "legal_representative", "bank", "bank_account", "tax_number")


class CompanyProfile(BusinessModel):
    """The one company profile (pk 1): the contracts' 甲方, never a placeholder."""

    name = models.CharField(_("company name"), max_length=100)
    address = models.CharField(_("company address"), max_length=200, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    bank = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account = models.CharField(_("bank account"), max_length=40, blank=True)
    tax_number = models.CharField(_("tax number"), max_length=30, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("company profile")
        verbose_name_plural = _("company profile")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=SINGLETON_PK), name="contracts_company_profile_singleton"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contracts:company")

    def blank_fields(self) -> list[str]:
        """The party fields still empty, by name, in print order."""
        return [name for name in PARTY_FIELDS if not getattr(self, name).strip()]
