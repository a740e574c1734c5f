"""Access to confidential customer archives (第十一条): requests, grants and guardian's
direct object-permission tables."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core.lifecycle import Lifecycle
from core.models import BusinessModel
from customers.models.archive import Customer


class AccessRequest(Lifecycle, BusinessModel):
    """第十一条: a request to read customers outside one's own work, approved by the GM."""

    class Scope(models.TextChoices):
        VIEW = "view", _("View only")
        VIEW_PRINT = "view_print", _("View and print")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    MAX_DAYS = 30
    # The GM approves or rejects a pending request, or the requester withdraws it; then final.
    TRANSITIONS = {"status": {
        Status.PENDING: frozenset({Status.APPROVED, Status.REJECTED, Status.WITHDRAWN}),
    }}

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                  on_delete=models.PROTECT, related_name="customer_access_requests")
    customers = models.ManyToManyField(Customer, verbose_name=_("customers"),
                                       related_name="access_requests")
    purpose = models.TextField(_("purpose"))
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices,
                             default=Scope.VIEW)
    days = models.PositiveSmallIntegerField(_("days"), default=7)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)

    history = HistoricalRecords(m2m_fields=[customers])

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-id"]

    def __str__(self):
        return _("Access request %(id)s by %(user)s") % {"id": self.pk, "user": self.requester}

    def get_absolute_url(self):
        return reverse("customers:access_request_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class AccessGrant(BusinessModel):
    """The right one approved request gives one user on one customer, until it expires."""

    request = models.ForeignKey(AccessRequest, verbose_name=_("access request"),
                                on_delete=models.PROTECT, related_name="grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.PROTECT, related_name="customer_grants")
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="access_grants")
    can_print = models.BooleanField(_("may print"), default=False)
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    expires_at = models.DateTimeField(_("until"))
    removed_at = models.DateTimeField(_("permissions removed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["-expires_at"]
        indexes = [models.Index(fields=["user", "customer", "expires_at"])]

    def __str__(self):
        return _("Grant #%(id)s (request %(request)s) until %(until)s") % {
            "id": self.pk, "request": self.request_id,
            "until": timezone.localtime(self.expires_at).strftime("%Y-%m-%d %H:%M")}

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.expires_at


class CustomerUserObjectPermission(UserObjectPermissionBase):
    """guardian's direct foreign-key table for customer permissions (fast joins, no orphans)."""

    content_object = models.ForeignKey(Customer, on_delete=models.PROTECT)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("customer user permission")


class CustomerGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Customer, on_delete=models.PROTECT)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("customer group permission")
