"""Premises, delivery notices, gas accounts and what is installed there (第七条–第八条)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.lifecycle import Lifecycle
from core.models import BusinessModel
from customers.models.archive import Customer


class Premises(BusinessModel):
    """Service premises (用气地址): 区县 → 街道 → 小区 → 楼栋 → 单元 → 楼层 → 房号, plus detail."""

    district = models.CharField(_("district"), max_length=50, db_index=True)
    street = models.CharField(_("street / town"), max_length=100, blank=True)
    community = models.CharField(_("residential area / village"), max_length=100, blank=True)
    building = models.CharField(_("building"), max_length=20, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    floor = models.CharField(_("floor"), max_length=20, blank=True)
    room = models.CharField(_("room"), max_length=20, blank=True)
    detail = models.CharField(_("address detail"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("premises")
        verbose_name_plural = _("premises")
        ordering = ["district", "street", "community", "building", "unit", "room"]

    def __str__(self):
        parts = [self.district, self.street, self.community,
                 f"{self.building}栋" if self.building else "",
                 f"{self.unit}单元" if self.unit else "",
                 f"{self.floor}层" if self.floor else "",
                 f"{self.room}室" if self.room else "", self.detail]
        return "".join(part for part in parts if part)


class GasUseClass(BusinessModel):
    """用气性质: decides the price; a configurable list per customer category."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    categories = models.CharField(_("for categories"), max_length=200, blank=True,
                                  help_text=_("Comma-separated category codes; empty: all."))
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gas-use class")
        verbose_name_plural = _("gas-use classes")
        ordering = ["code"]

    def __str__(self):
        return self.name


class GasDeliveryNotice(BusinessModel):
    """送气通知单 issued by 规划建设部 for premises after acceptance (第七条)."""

    number = models.CharField(_("notice number"), max_length=20, unique=True, editable=False)
    premises = models.ForeignKey(Premises, verbose_name=_("premises"), on_delete=models.PROTECT,
                                 related_name="delivery_notices")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"),
                                  on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    accepted_on = models.DateField(_("acceptance date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_void = models.BooleanField(_("void"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gas delivery notice")
        verbose_name_plural = _("gas delivery notices")
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return f"{self.number} {self.premises}"

    def get_absolute_url(self):
        return reverse("customers:notice_detail", args=[self.pk])

    def drawings_count(self) -> int:
        """Acceptance drawings attached (void ones do not count)."""
        from core.attachments import attachments_for

        return attachments_for(self, include_void=False).count()


class GasAccount(Lifecycle, BusinessModel):
    """An account (户号): one metering point of one customer at one premises."""

    class Status(models.TextChoices):
        NOT_OPENED = "not_opened", _("Not yet ignited")
        NORMAL = "normal", _("Normal")
        SUSPENDED = "suspended", _("Supply suspended")
        REMOVED = "removed", _("Removed")
        DORMANT = "dormant", _("Long unused")

    # 通气/开栓 once; then supply may be suspended and resumed, the account left unused for a
    # long time, or removed (final).
    TRANSITIONS = {"status": {
        Status.NOT_OPENED: frozenset({Status.NORMAL, Status.REMOVED}),
        Status.NORMAL: frozenset({Status.SUSPENDED, Status.DORMANT, Status.REMOVED}),
        Status.SUSPENDED: frozenset({Status.NORMAL, Status.DORMANT, Status.REMOVED}),
        Status.DORMANT: frozenset({Status.NORMAL, Status.REMOVED}),
    }}
    # 销户 of the customer needs each account removed or long unused.
    NOT_IN_USE = (Status.REMOVED, Status.DORMANT)

    number = models.CharField(_("account number"), max_length=20, unique=True, editable=False)
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="accounts")
    premises = models.ForeignKey(Premises, verbose_name=_("premises"), on_delete=models.PROTECT,
                                 related_name="accounts")
    use_class = models.ForeignKey(GasUseClass, verbose_name=_("gas-use class"),
                                  on_delete=models.PROTECT, related_name="+")
    delivery_notice = models.ForeignKey(GasDeliveryNotice, verbose_name=_("gas delivery notice"),
                                        on_delete=models.PROTECT, related_name="accounts")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.NOT_OPENED)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"),
                                  on_delete=models.PROTECT, related_name="+")
    first_ignition_on = models.DateField(_("first ignition on"), null=True, blank=True)
    first_ignition_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                          verbose_name=_("first ignition by"),
                                          on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gas account")
        verbose_name_plural = _("gas accounts")
        ordering = ["customer_id", "number"]

    def __str__(self):
        return f"{self.number} {self.premises}"

    def get_absolute_url(self):
        return reverse("customers:account_detail", args=[self.pk])

    @property
    def awaits_ignition(self) -> bool:
        """Opened, its first ignition not yet recorded."""
        return self.status == self.Status.NOT_OPENED

    @property
    def is_in_use(self) -> bool:
        return self.status not in self.NOT_IN_USE

    @property
    def is_removed(self) -> bool:
        """拆除: final; nothing more is entered on the account."""
        return self.status == self.Status.REMOVED


class VoidableEntry(models.Model):
    """An entry made by mistake (a meter, an appliance, an alarm) is corrected, or voided with
    a reason, never deleted (issue 13, point 8): it stays on the account page struck through,
    its history kept, and counts for nothing in the completeness of the account (第八条)."""

    is_void = models.BooleanField(_("void"), default=False)
    void_reason = models.CharField(_("reason for voiding"), max_length=200, blank=True)

    class Meta:
        abstract = True


class Meter(VoidableEntry, BusinessModel):
    """表务信息: the meter of an account; a change (换表) retires one and installs another."""

    class Kind(models.TextChoices):
        DIAPHRAGM = "diaphragm", _("Diaphragm meter")
        IC_VOLUME = "ic_volume", _("IC-card volume meter")
        IC_AMOUNT = "ic_amount", _("IC-card amount meter")
        REMOTE = "remote", _("Remote-reading meter")
        IOT = "iot", _("IoT (NB-IoT) meter")
        ULTRASONIC = "ultrasonic", _("Ultrasonic meter")
        FLOWMETER = "flowmeter", _("Flowmeter (large users)")

    class Inlet(models.TextChoices):
        LEFT = "left", _("Left inlet")
        RIGHT = "right", _("Right inlet")

    SPECS = ["G1.6", "G2.5", "G4", "G6", "G10", "G16", "G25", "G40", "G65", "G100"]

    account = models.ForeignKey(GasAccount, verbose_name=_("account"), on_delete=models.PROTECT,
                                related_name="meters")
    number = models.CharField(_("meter number"), max_length=40, db_index=True)
    body_number = models.CharField(_("body number"), max_length=40, blank=True)
    kind = models.CharField(_("meter kind"), max_length=12, choices=Kind.choices)
    spec = models.CharField(_("specification"), max_length=10,
                            choices=[(spec, spec) for spec in SPECS])
    manufacturer = models.CharField(_("manufacturer"), max_length=100, blank=True)
    model = models.CharField(_("model"), max_length=100, blank=True)
    inlet = models.CharField(_("inlet direction"), max_length=5, choices=Inlet.choices,
                             blank=True)
    initial_reading = models.DecimalField(_("initial reading (m³)"), max_digits=12,
                                          decimal_places=3, default=0)
    seal_number = models.CharField(_("seal number"), max_length=40, blank=True)
    installed_on = models.DateField(_("installed on"))
    produced_on = models.DateField(_("production date"), null=True, blank=True)
    verified_on = models.DateField(_("verification date"), null=True, blank=True)
    digits = models.PositiveSmallIntegerField(_("dial digits"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    has_corrector = models.BooleanField(_("volume corrector"), default=False)
    is_current = models.BooleanField(_("in service"), default=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    final_reading = models.DecimalField(_("final reading (m³)"), max_digits=12, decimal_places=3,
                                        null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meter")
        verbose_name_plural = _("meters")
        ordering = ["account_id", "-is_current", "-installed_on"]
        constraints = [
            models.UniqueConstraint(fields=["account"], condition=Q(is_current=True),
                                    name="customers_one_current_meter"),
        ]

    def __str__(self):
        return f"{self.number} ({self.spec})"


class MeterChange(BusinessModel):
    """换表: old final reading, new initial reading and the reason."""

    class Reason(models.TextChoices):
        FAULT = "fault", _("Fault")
        SLOW = "slow", _("Slow meter")
        FAST = "fast", _("Fast meter")
        STOPPED = "stopped", _("Stopped meter")
        LEAK = "leak", _("Leak")
        EXPIRED = "expired", _("Verification expired")
        THEFT = "theft", _("Gas theft")
        UPGRADE = "upgrade", _("Upgrade")

    account = models.ForeignKey(GasAccount, verbose_name=_("account"), on_delete=models.PROTECT,
                                related_name="meter_changes")
    old_meter = models.ForeignKey(Meter, verbose_name=_("old meter"), on_delete=models.PROTECT,
                                  related_name="+")
    new_meter = models.ForeignKey(Meter, verbose_name=_("new meter"), on_delete=models.PROTECT,
                                  related_name="+")
    old_final_reading = models.DecimalField(_("old meter final reading"), max_digits=12,
                                            decimal_places=3)
    new_initial_reading = models.DecimalField(_("new meter initial reading"), max_digits=12,
                                              decimal_places=3)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    changed_on = models.DateField(_("changed on"), default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meter change")
        verbose_name_plural = _("meter changes")
        ordering = ["account_id", "-changed_on"]

    def __str__(self):
        return f"{self.old_meter} → {self.new_meter}"


class Appliance(VoidableEntry, BusinessModel):
    """燃气具信息."""

    class Kind(models.TextChoices):
        STOVE = "stove", _("Stove")
        WATER_HEATER = "water_heater", _("Water heater")
        WALL_BOILER = "wall_boiler", _("Wall-hung boiler")
        COMMERCIAL_STOVE = "commercial_stove", _("Commercial stove")
        BOILER = "boiler", _("Boiler")
        OTHER = "other", _("Other")

    class Exhaust(models.TextChoices):
        FLUE = "flue", _("Flue type")
        FORCED = "forced", _("Forced exhaust")
        BALANCED = "balanced", _("Balanced flue")
        DIRECT = "direct", _("Direct discharge (forbidden)")

    account = models.ForeignKey(GasAccount, verbose_name=_("account"), on_delete=models.PROTECT,
                                related_name="appliances")
    kind = models.CharField(_("appliance kind"), max_length=20, choices=Kind.choices)
    brand = models.CharField(_("brand"), max_length=100)
    model = models.CharField(_("model"), max_length=100, blank=True)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    power_kw = models.DecimalField(_("heat load (kW)"), max_digits=8, decimal_places=2,
                                   null=True, blank=True)
    flame_out_protection = models.BooleanField(_("flame-out protection"), default=True)
    exhaust = models.CharField(_("exhaust type"), max_length=10, choices=Exhaust.choices,
                               blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    purchased_on = models.DateField(_("purchased on"), null=True, blank=True)
    installed_on = models.DateField(_("installed on"), null=True, blank=True)
    service_life_years = models.PositiveSmallIntegerField(_("service life (years)"), default=8)
    hose_type = models.CharField(_("hose type"), max_length=50, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gas appliance")
        verbose_name_plural = _("gas appliances")
        ordering = ["account_id", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.brand} {self.model}".strip()

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.kind in (self.Kind.STOVE, self.Kind.COMMERCIAL_STOVE) and \
                not self.flame_out_protection:
            errors["flame_out_protection"] = _("A gas stove must have flame-out protection.")
        if self.kind == self.Kind.WATER_HEATER:
            if self.exhaust == self.Exhaust.DIRECT:
                errors["exhaust"] = _("Direct-discharge water heaters are forbidden.")
            elif not self.exhaust:
                errors["exhaust"] = _("Give the exhaust type of the water heater.")
        if errors:
            raise ValidationError(errors)


class Alarm(VoidableEntry, BusinessModel):
    """燃气报警器 with its linked shut-off valve."""

    class Gas(models.TextChoices):
        NATURAL_GAS = "natural_gas", _("Natural gas")
        LPG = "lpg", _("Liquefied petroleum gas")
        CO = "co", _("Carbon monoxide")

    account = models.ForeignKey(GasAccount, verbose_name=_("account"), on_delete=models.PROTECT,
                                related_name="alarms")
    brand = models.CharField(_("brand"), max_length=100)
    model = models.CharField(_("model"), max_length=100, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    gas = models.CharField(_("gas detected"), max_length=12, choices=Gas.choices,
                           default=Gas.NATURAL_GAS)
    location = models.CharField(_("location"), max_length=100, blank=True)
    installed_on = models.DateField(_("installed on"))
    replace_due_on = models.DateField(_("replacement due"), null=True, blank=True)
    valve_brand = models.CharField(_("shut-off valve brand"), max_length=100, blank=True)
    valve_model = models.CharField(_("shut-off valve model"), max_length=100, blank=True)
    valve_size = models.CharField(_("shut-off valve size"), max_length=20, blank=True)
    networked = models.BooleanField(_("networked"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gas alarm")
        verbose_name_plural = _("gas alarms")
        ordering = ["account_id", "id"]

    def __str__(self):
        return f"{self.brand} {self.model}".strip()

    @property
    def has_valve(self) -> bool:
        return bool(self.valve_brand or self.valve_model)
