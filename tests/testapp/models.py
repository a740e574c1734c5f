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
