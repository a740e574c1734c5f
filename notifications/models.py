"""In-app notifications (站内通知): one row per event and recipient, read or not.

A notification records that something happened which its recipient should look at (a step
waits for them, their request was decided, a grant was given or is about to expire, their
hand-over was received). It is written once per event: `event_key` names the event (e.g.
"step:42:waiting") and the pair (recipient, event_key) is unique in the database, so a retry,
a reminder run twice or a double click cannot write it again.

Conventions: a BusinessModel (timestamps, creator, no hard delete) without a history table.
The row is append-mostly: its only change is `read_at`, set once, which is the recipient's
bookkeeping, not a change of a business record; it is written with `update_unrecorded`
(notifications.services), so the notice itself is the record of the event.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import BusinessModel


class Notification(BusinessModel):
    class Kind(models.TextChoices):
        STEP_WAITING = "step_waiting", _("Waiting for your decision")
        REQUEST_APPROVED = "request_approved", _("Your request was approved")
        REQUEST_REJECTED = "request_rejected", _("Your request was rejected")
        GRANT_GIVEN = "grant_given", _("Access to customer archives granted")
        GRANT_EXPIRING = "grant_expiring", _("Your access to a customer archive expires soon")
        HANDOVER_RECEIVED = "handover_received", _("Your hand-over was received")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"),
                                  on_delete=models.PROTECT, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)  # a path of this site
    event_key = models.CharField(_("event"), max_length=120)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "event_key"],
                                               name="notifications_once_per_event")]
        indexes = [models.Index(fields=["recipient", "-id"], name="notifications_recipient"),
                   models.Index(fields=["recipient"], condition=Q(read_at__isnull=True),
                                name="notifications_unread")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    def get_absolute_url(self):
        return reverse("notifications:list")

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
