"""Delegations: a decider lets someone else decide their steps for a while."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BusinessModel


class Delegation(BusinessModel):
    """`delegate` may decide the steps `delegator` may decide, from `starts_on` to `ends_on`."""

    delegator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("delegator"),
                                  on_delete=models.PROTECT, related_name="delegations_given")
    delegate = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("delegate"),
                                 on_delete=models.PROTECT, related_name="delegations_received")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True,
                                    help_text=_("Cleared when the delegation is revoked."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                   name="approvals_delegation_dates_in_order"),
            models.CheckConstraint(condition=~Q(delegator=models.F("delegate")),
                                   name="approvals_delegation_not_to_self"),
        ]

    def __str__(self):
        return f"{self.delegator} → {self.delegate} ({self.starts_on} – {self.ends_on})"

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date is before the start date.")
        if self.delegator_id and self.delegator_id == self.delegate_id:
            errors["delegate"] = _("You cannot delegate to yourself.")
        if errors:
            raise ValidationError(errors)
