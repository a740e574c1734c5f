"""Hand-over to the archive (第十条, R8): the numbered material of a finished contract, checked
and received by the archivist; afterwards the contract is read-only and shows its location."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contracts.models.contract import Contract
from core.models import BusinessModel


class HandOver(BusinessModel):
    """移交清单 of one contract."""

    contract = models.OneToOneField(Contract, verbose_name=_("contract"),
                                    on_delete=models.PROTECT, related_name="handover")
    items = models.JSONField(
        _("material handed over"), default=list,
        help_text=_("Numbered items: the contract itself and its attachments."))
    notes = models.TextField(_("notes"), blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("prepared by"),
                                    on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("received by"),
                                    on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    location = models.CharField(_("archive location"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hand-over list")
        verbose_name_plural = _("hand-over lists")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.contract.number} {_('hand-over list')}"

    # The lifecycle (issue 9): prepared → received, once; `mark_received` is the only way.
    @property
    def is_received(self) -> bool:
        return self.received_at is not None

    def mark_received(self, *, by, location: str) -> None:
        """The archivist's receipt at a location: refused when already received or without a
        location. Does not save: the calling service saves with its change reason."""
        if self.is_received:
            raise ValidationError(_("This hand-over has already been received."),
                                  code="transition")
        if not location.strip():
            raise ValidationError({"location": _("Give the archive location.")})
        self.received_by, self.received_at = by, timezone.now()
        self.location = location.strip()

    mark_received.alters_data = True
