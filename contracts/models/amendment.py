"""补充协议: after signing the contract text is frozen; changes are made by an amendment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contracts.models.contract import Contract
from core.models import BusinessModel


class Amendment(BusinessModel):
    contract = models.ForeignKey(Contract, verbose_name=_("contract"), on_delete=models.PROTECT,
                                 related_name="amendments")
    sequence = models.PositiveSmallIntegerField(_("no."))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("agreed changes"))
    reason = models.TextField(_("reason"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signed by"),
                                  on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["contract_id", "sequence"]
        constraints = [models.UniqueConstraint(fields=["contract", "sequence"],
                                               name="contracts_amendment_unique_sequence")]

    def __str__(self):
        return f"{self.contract.number}-BC{self.sequence}"

    @property
    def number(self) -> str:
        return f"{self.contract.number}-BC{self.sequence}"
