"""A test-only business model: stands in for real ones until they exist (never migrated)."""

from django.db import models
from simple_history.models import HistoricalRecords

from core.models import BusinessModel


class Memo(BusinessModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        FINAL = "final", "定稿"

    title = models.CharField("标题", max_length=100)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    amount = models.DecimalField("金额", max_digits=12, decimal_places=2, default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "备忘"
        verbose_name_plural = "备忘"

    def __str__(self):
        return self.title


class Application(BusinessModel):
    """A test-only approvable target: changes its own status when the engine tells it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_APPROVAL = "in_approval", "审批中"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已驳回"

    title = models.CharField("标题", max_length=100)
    amount = models.DecimalField("金额", max_digits=12, decimal_places=2, default=0)
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    reviewer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    status = models.CharField("状态", max_length=12, choices=Status.choices,
                              default=Status.DRAFT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "申请"
        verbose_name_plural = "申请"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"/test/applications/{self.pk}/"
