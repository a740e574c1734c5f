"""Customers and their contacts (客户档案, 篇二; 第五条)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.lifecycle import Lifecycle
from core.models import BusinessModel
from core.validators import validate_landline, validate_mobile


class Category(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    COMMERCIAL = "commercial", _("Commercial")
    PUBLIC_WELFARE = "public_welfare", _("Public welfare")
    INDUSTRIAL = "industrial", _("Industrial")
    COLLECTIVE = "collective", _("Collective")
    UPSTREAM = "upstream", _("Upstream supplier")


# 第五条: these customers need a contact name and phone before they are active.
CATEGORIES_NEEDING_CONTACT = (Category.COLLECTIVE, Category.COMMERCIAL, Category.PUBLIC_WELFARE,
                              Category.INDUSTRIAL)


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident ID card")
    USCC = "uscc", _("Unified social credit code")
    PASSPORT = "passport", _("Passport")
    OTHER = "other", _("Other document")


class Customer(Lifecycle, BusinessModel):
    """A person or organisation that buys gas or gas services (or sells it: upstream)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Pre-registered")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    class ArchiveState(models.TextChoices):
        NOT_SUBMITTED = "not_submitted", _("Not submitted")
        PENDING = "pending", _("Awaiting confirmation")
        APPROVED = "approved", _("Confirmed")
        REJECTED = "rejected", _("Returned")

    class Credit(models.TextChoices):
        A = "A", _("A: good")
        B = "B", _("B: fair")
        C = "C", _("C: poor")
        D = "D", _("D: bad")

    # 篇二: 预建档 → 有效 → 销户; the archive goes to the sales director for confirmation, is
    # confirmed or returned, and goes again after a change of identity. Without an approval
    # route it is confirmed at once (also again when already confirmed).
    TRANSITIONS = {
        "status": {
            Status.DRAFT: frozenset({Status.ACTIVE, Status.CLOSED}),
            Status.ACTIVE: frozenset({Status.CLOSED}),
            # Reopened by the sales director (issue 13): active again when the archive is
            # confirmed and the contact rule holds, otherwise pre-registered.
            Status.CLOSED: frozenset({Status.ACTIVE, Status.DRAFT}),
        },
        "archive_state": {
            ArchiveState.NOT_SUBMITTED: frozenset({ArchiveState.PENDING, ArchiveState.APPROVED}),
            ArchiveState.PENDING: frozenset({ArchiveState.APPROVED, ArchiveState.REJECTED,
                                             ArchiveState.NOT_SUBMITTED}),
            ArchiveState.REJECTED: frozenset({ArchiveState.PENDING, ArchiveState.APPROVED}),
            ArchiveState.APPROVED: frozenset({ArchiveState.PENDING, ArchiveState.APPROVED}),
        },
    }

    # 第十一条: shown in full only to readers with full rights, masked for everyone else
    # (core.text.mask_field_value). An organisation's tax number is usually its credit code.
    IDENTIFYING_FIELDS = {"id_number": "document", "tax_number": "document"}

    number = models.CharField(_("customer number"), max_length=20, unique=True, editable=False)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    low_income = models.BooleanField(_("low-income household (低保)"), default=False)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    id_type = models.CharField(_("identity document"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("document number"), max_length=40)
    legal_representative = models.CharField(_("legal representative"), max_length=100,
                                            blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    invoice_title = models.CharField(_("invoice title"), max_length=200, blank=True)
    tax_number = models.CharField(_("tax number"), max_length=40, blank=True)
    credit_rating = models.CharField(_("credit rating"), max_length=1, choices=Credit.choices,
                                     blank=True)
    credit_note = models.TextField(_("credit status note"), blank=True)
    credit_noted_on = models.DateField(_("credit noted on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    archive_state = models.CharField(_("archive confirmation"), max_length=15,
                                     choices=ArchiveState.choices,
                                     default=ArchiveState.NOT_SUBMITTED, db_index=True)
    sales_rep = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible staff"),
                                  on_delete=models.PROTECT, related_name="customers_served")
    custodian = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("archive custodian"),
                                  on_delete=models.PROTECT, related_name="customers_kept")
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["id_type", "id_number"],
                                    condition=~Q(id_number=""),
                                    name="customers_unique_identity",
                                    violation_error_message=_(
                                        "This document number is already registered.")),
        ]
        indexes = [models.Index(fields=["sales_rep", "-id"]),
                   models.Index(fields=["custodian", "-id"]),
                   models.Index(fields=["id_number"]),
                   models.Index(fields=["category", "status"])]
        permissions = [("print_customer", "Can print the customer's documents"),
                       ("export_customer", "Can export customers")]

    def __str__(self):
        return f"{self.number} {self.name}"

    def get_absolute_url(self):
        return reverse("customers:detail", args=[self.pk])

    @property
    def needs_contact(self) -> bool:
        return self.category in CATEGORIES_NEEDING_CONTACT

    @property
    def is_residential(self) -> bool:
        return self.category == Category.RESIDENTIAL

    @property
    def is_draft(self) -> bool:
        """预建档: registered, not yet active."""
        return self.status == self.Status.DRAFT

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_closed(self) -> bool:
        """销户: no new account, no transfer to it."""
        return self.status == self.Status.CLOSED

    @property
    def is_archive_pending(self) -> bool:
        """The sales director has the archive: identity and category are frozen."""
        return self.archive_state == self.ArchiveState.PENDING

    @property
    def is_archive_confirmed(self) -> bool:
        return self.archive_state == self.ArchiveState.APPROVED

    @property
    def is_archive_submitted(self) -> bool:
        """Ever sent for confirmation (a change of identity sends it again)."""
        return self.archive_state != self.ArchiveState.NOT_SUBMITTED

    @property
    def may_submit_archive(self) -> bool:
        """Not yet sent, or returned by the sales director."""
        return self.archive_state in (self.ArchiveState.NOT_SUBMITTED,
                                      self.ArchiveState.REJECTED)

    @property
    def is_organisation(self) -> bool:
        return self.category != Category.RESIDENTIAL


class Contact(BusinessModel):
    # 第十一条: a contact's phones and e-mail reach a person; masked without full rights.
    IDENTIFYING_FIELDS = {"mobile": "phone", "landline": "phone", "email": "email"}

    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="contacts")
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True, db_index=True,
                              validators=[validate_mobile])
    landline = models.CharField(_("landline"), max_length=30, blank=True, db_index=True,
                                validators=[validate_landline])
    email = models.EmailField(_("e-mail"), blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    is_active = models.BooleanField(_("current"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["customer_id", "-is_primary", "id"]

    def __str__(self):
        return self.name

    @property
    def phone(self) -> str:
        return self.mobile or self.landline

    @property
    def is_reachable(self) -> bool:
        """第五条: a usable contact has a name and a phone."""
        return bool(self.name.strip() and self.phone and self.is_active)


class TransactionRecord(BusinessModel):
    """以往交易记录."""

    class Kind(models.TextChoices):
        INSTALLATION = "installation", _("Installation fee")
        GAS = "gas", _("Gas charges")
        REPAIR = "repair", _("Repair")
        ALARM = "alarm", _("Alarm installation")
        OTHER = "other", _("Other")

    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="transactions")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)
    reference = models.CharField(_("reference"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["customer_id", "-date", "-id"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.amount}"


class Visit(BusinessModel):
    """关系维护: a planned or done visit with the customer's feedback."""

    class Kind(models.TextChoices):
        FESTIVAL = "festival", _("Festival visit")
        REGULAR = "regular", _("Regular visit")
        DAILY = "daily", _("Day-to-day contact")

    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="visits")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    planned_on = models.DateField(_("planned on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("staff"),
                              on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    feedback = models.TextField(_("customer feedback"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["customer_id", "-planned_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.done_on or self.planned_on}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
