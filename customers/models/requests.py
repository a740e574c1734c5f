"""A staff member's request to 规划建设部 for a gas delivery notice (第七条, issue 13 point 8):
made from the account-opening page for premises without a notice, answered by planning with
the notice it issues, or declined with a reason."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.lifecycle import Lifecycle
from core.models import BusinessModel
from customers.models.archive import Customer
from customers.models.premises import GasDeliveryNotice, Premises


class DeliveryNoticeRequest(Lifecycle, BusinessModel):
    """送气通知单申请. The premises are not confidential (notices are read by every signed-in
    user); the customer is shown only to those who read the customer (第十一条)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ISSUED = "issued", _("Notice issued")
        DECLINED = "declined", _("Declined")

    TRANSITIONS = {"status": {
        Status.OPEN: frozenset({Status.ISSUED, Status.DECLINED}),
    }}

    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="notice_requests")
    premises = models.ForeignKey(Premises, verbose_name=_("premises"), on_delete=models.PROTECT,
                                 related_name="notice_requests")
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN, db_index=True)
    notice = models.ForeignKey(GasDeliveryNotice, verbose_name=_("gas delivery notice"),
                               on_delete=models.PROTECT, null=True, blank=True,
                               related_name="requests")
    answer = models.CharField(_("reason for declining"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delivery notice request")
        verbose_name_plural = _("delivery notice requests")
        ordering = ["-id"]

    def __str__(self):
        return f"SQ-{self.pk} {self.premises}"

    def get_absolute_url(self):
        return reverse("customers:notice_request_list") + f"?status={self.status}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
