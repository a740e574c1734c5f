"""The contract (篇一) with its lifecycle, its payment schedule and its installation steps, and
the take-or-pay terms. Rules needing the database live in services."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from contracts.models.pricing import BudgetEstimate
from contracts.models.types import INSTALLATION_KINDS, ClauseTemplate, ContractType
from core.lifecycle import Lifecycle
from core.models import BusinessModel


class Contract(Lifecycle, BusinessModel):
    """A contract of one of the types of 第三条, with its computed amount and its schedule."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ESTIMATING = "estimating", _("Construction period being estimated")
        IN_APPROVAL = "in_approval", _("In approval")
        APPROVED = "approved", pgettext_lazy("contract status", "Approved")
        SIGNED = "signed", _("Signed")
        PERFORMING = "performing", _("Being performed")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Terminated")
        ARCHIVED = "archived", _("Archived")
        VOID = "void", _("Void")

    class Payment(models.TextChoices):
        ONE = "one", _("One payment")
        INSTALLMENTS = "installments", _("Installments")

    # The lifecycle, declared once (issue 9): every status change a service makes, and only those.
    # Only `transition` (or `move_to`) changes the status; a save outside the table is refused.
    TRANSITIONS = {"status": {
        # 第五条: waiting for the estimate and back; submission (第四条); the draft abandoned.
        Status.DRAFT: frozenset({Status.ESTIMATING, Status.IN_APPROVAL, Status.APPROVED,
                                 Status.VOID}),
        Status.ESTIMATING: frozenset({Status.DRAFT, Status.IN_APPROVAL, Status.APPROVED,
                                      Status.VOID}),
        # The approval engine: approved, or rejected / withdrawn back to draft.
        Status.IN_APPROVAL: frozenset({Status.APPROVED, Status.DRAFT}),
        Status.APPROVED: frozenset({Status.SIGNED}),
        # The first payment: being performed; the drafter completes or terminates it.
        Status.SIGNED: frozenset({Status.PERFORMING, Status.COMPLETED, Status.TERMINATED}),
        Status.PERFORMING: frozenset({Status.COMPLETED, Status.TERMINATED}),
        # 第十条: the archivist receives the hand-over.
        Status.COMPLETED: frozenset({Status.ARCHIVED}),
        Status.TERMINATED: frozenset({Status.ARCHIVED}),
        Status.ARCHIVED: frozenset(),
        Status.VOID: frozenset(),
    }}
    EDITABLE = (Status.DRAFT, Status.ESTIMATING)
    IN_FORCE = (Status.SIGNED, Status.PERFORMING)
    PAYABLE = (Status.APPROVED, Status.SIGNED, Status.PERFORMING)
    FINISHED = (Status.COMPLETED, Status.TERMINATED)
    # Approved and neither given up nor archived: its installation fees are owed.
    OWING = (Status.APPROVED, Status.SIGNED, Status.PERFORMING, Status.COMPLETED)
    # Read-only for everyone (第十条): no more material is attached.
    CLOSED = (Status.ARCHIVED, Status.VOID)

    number = models.CharField(_("contract number"), max_length=30, unique=True, editable=False)
    contract_type = models.ForeignKey(ContractType, verbose_name=_("contract type"),
                                      on_delete=models.PROTECT, related_name="contracts")
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"),
                                 on_delete=models.PROTECT, related_name="contracts")
    account = models.ForeignKey("customers.GasAccount", verbose_name=_("account"),
                                on_delete=models.PROTECT, null=True, blank=True,
                                related_name="contracts")
    premises = models.ForeignKey("customers.Premises", verbose_name=_("premises"),
                                 on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="contracts")
    title = models.CharField(_("subject"), max_length=200)
    # What the clauses print (issue 13, point 5): the works of an installation contract, the
    # delivery of a supply contract. Blank on a draft; contract_sign refuses the blanks.
    project_name = models.CharField(_("project name"), max_length=200, blank=True)
    project_site = models.CharField(_("project site"), max_length=200, blank=True)
    works_from = models.DateField(_("construction from"), null=True, blank=True)
    works_to = models.DateField(_("construction to"), null=True, blank=True)
    supply_starts_on = models.DateField(_("supply starts on"), null=True, blank=True)
    contract_date = models.DateField(_("contract date"), default=timezone.localdate)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    # 第六条: computed from the price standard or an issued budget; never typed by staff.
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2,
                                 default=Decimal("0.00"), editable=False)
    budget = models.ForeignKey(BudgetEstimate, verbose_name=_("budget"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="contracts")
    payment_method = models.CharField(_("payment method"), max_length=12,
                                      choices=Payment.choices, default=Payment.ONE)
    construction_period_required = models.BooleanField(_("construction period required"),
                                                       default=False)
    planning_estimate_days = models.PositiveIntegerField(_("estimated construction days"),
                                                         null=True, blank=True)
    planning_estimated_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                              verbose_name=_("estimated by"),
                                              on_delete=models.PROTECT, null=True, blank=True,
                                              related_name="+")
    ownership_dispute = models.BooleanField(_("property-ownership dispute"), default=False)
    # Take-or-pay (第九条)
    annual_quantity = models.DecimalField(_("annual contract quantity (m³)"), max_digits=14,
                                          decimal_places=0, null=True, blank=True)
    daily_max = models.DecimalField(_("daily maximum (m³)"), max_digits=12, decimal_places=0,
                                    null=True, blank=True)
    daily_min = models.DecimalField(_("daily minimum (m³)"), max_digits=12, decimal_places=0,
                                    null=True, blank=True)
    max_hourly_flow = models.DecimalField(_("maximum hourly flow (m³/h)"), max_digits=12,
                                          decimal_places=0, null=True, blank=True)
    monthly_plan = models.JSONField(_("monthly plan (m³)"), default=list, blank=True)
    pressure_mpa = models.DecimalField(_("delivery pressure (MPa)"), max_digits=6,
                                       decimal_places=3, null=True, blank=True)
    take_or_pay_percent = models.DecimalField(_("take-or-pay percentage"), max_digits=5,
                                              decimal_places=2, null=True, blank=True)
    gas_price = models.DecimalField(_("gas price (CNY/m³)"), max_digits=8, decimal_places=4,
                                    null=True, blank=True)
    price_adjustment = models.TextField(_("price adjustment"), blank=True)
    delivery_point = models.CharField(_("delivery point"), max_length=200, blank=True)
    settlement_period = models.CharField(_("settlement period"), max_length=50, blank=True)
    market_data_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                       verbose_name=_("market data by"),
                                       on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    finance_data_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                        verbose_name=_("finance data by"),
                                        on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    # Frozen at signing: the clauses as printed.
    template = models.ForeignKey(ClauseTemplate, verbose_name=_("clause template"),
                                 on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    signed_text = models.TextField(_("signed clauses"), blank=True, editable=False)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, editable=False)
    signatories = models.CharField(_("signatories"), max_length=200, blank=True,
                                   help_text=_("Who signed for each party."))
    # The company's own party (甲方) as it was on signing day: a signed copy prints it, not
    # whatever the company profile says later.
    signed_party = models.JSONField(_("company party as signed"), default=dict, blank=True,
                                    editable=False)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signed by"),
                                  on_delete=models.PROTECT, null=True, blank=True,
                                  editable=False, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-id"]
        indexes = [models.Index(fields=["customer", "-id"]),
                   models.Index(fields=["created_by", "-id"])]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("contracts:detail", args=[self.pk])

    def clean(self):
        if self.works_from and self.works_to and self.works_to < self.works_from:
            raise ValidationError({"works_to": _("The construction period ends before it "
                                                 "starts.")})

    @property
    def kind(self) -> str:
        return self.contract_type.kind

    def can_move_to(self, target) -> bool:
        """Whether the declared lifecycle allows the status to go to `target` now."""
        return self.can_transition("status", target)

    def move_to(self, target) -> None:
        """`transition("status", target)`: the status changes only as the table declares."""
        self.transition("status", target)

    move_to.alters_data = True

    @property
    def is_editable(self) -> bool:
        """A draft, or one waiting for the construction-period estimate: the drafter changes it."""
        return self.status in self.EDITABLE

    @property
    def is_awaiting_estimate(self) -> bool:
        return self.status == self.Status.ESTIMATING

    @property
    def is_approved(self) -> bool:
        """Approved and not yet signed: the drafter records the signing."""
        return self.status == self.Status.APPROVED

    @property
    def is_in_force(self) -> bool:
        """Signed or being performed: amended, completed or terminated."""
        return self.status in self.IN_FORCE

    @property
    def accepts_payments(self) -> bool:
        return self.status in self.PAYABLE

    @property
    def is_finished(self) -> bool:
        """Completed or terminated: handed over to the archive next (第十条)."""
        return self.status in self.FINISHED

    @property
    def is_closed(self) -> bool:
        """Archived or void: read-only for everyone."""
        return self.status in self.CLOSED

    @property
    def outstanding(self) -> Decimal:
        """Amount not yet paid against the installments (or the whole amount)."""
        paid = self.installments.aggregate(total=Sum("paid_amount"))["total"] or Decimal("0")
        return self.amount - paid


class Installment(BusinessModel):
    """One payment of an installment schedule: due date, amount and the milestone."""

    contract = models.ForeignKey(Contract, verbose_name=_("contract"), on_delete=models.PROTECT,
                                 related_name="installments")
    sequence = models.PositiveSmallIntegerField(_("no."))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)
    milestone = models.CharField(_("milestone"), max_length=200, blank=True)
    paid_amount = models.DecimalField(_("paid (CNY)"), max_digits=14, decimal_places=2,
                                      default=Decimal("0.00"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("installment")
        verbose_name_plural = _("installments")
        ordering = ["contract_id", "sequence"]
        constraints = [models.UniqueConstraint(fields=["contract", "sequence"],
                                               name="contracts_installment_unique_sequence")]

    def __str__(self):
        return f"{self.sequence}: {self.amount} ({self.due_on})"

    @property
    def is_overdue(self) -> bool:
        return (self.due_on is not None and self.due_on < timezone.localdate()
                and self.paid_amount < self.amount)


class InstallationStep(BusinessModel):
    """工程安装内容步骤 (第五条): ordered, with planned dates."""

    contract = models.ForeignKey(Contract, verbose_name=_("contract"), on_delete=models.PROTECT,
                                 related_name="steps")
    sequence = models.PositiveSmallIntegerField(_("no."))
    description = models.CharField(_("work"), max_length=200)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("installation step")
        verbose_name_plural = _("installation steps")
        ordering = ["contract_id", "sequence"]
        constraints = [models.UniqueConstraint(fields=["contract", "sequence"],
                                               name="contracts_step_unique_sequence")]

    def __str__(self):
        return f"{self.sequence}. {self.description}"


def installation_fees_outstanding(customer) -> bool:
    """True when an installation contract of the customer still has an unpaid amount."""
    contracts = Contract.objects.filter(customer=customer, status__in=Contract.OWING,
                                        contract_type__kind__in=INSTALLATION_KINDS)
    for contract in contracts.prefetch_related("installments"):
        paid = sum((i.paid_amount for i in contract.installments.all()), Decimal("0"))
        if paid < contract.amount:
            return True
    return False

