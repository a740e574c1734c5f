"""The approval engine's data: routes as data, frozen requests, steps, decisions, delegations.

A route (ApprovalRoute) is attached to a target model and a named condition (code in
`approvals.conditions`); its steps (RouteStep) say who decides and how many must agree.
Submitting an object freezes the merged steps of every matching route into an ApprovalRequest
with ApprovalSteps, so later route edits never change a request in flight.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BusinessModel, HashChainedModel


class Decider(models.TextChoices):
    ROLE = "role", _("Holders of a role")
    DEPARTMENT_ROLE = "department_role", _("Holders of a role in the target's department")
    FIELD_USER = "field_user", _("The user named by a field of the target")


class Mode(models.TextChoices):
    ONE = "one", _("One of them")
    ALL = "all", _("All of them")
    QUORUM = "quorum", _("At least N of them")


class ApprovalRoute(BusinessModel):
    """Which steps a kind of object goes through when its condition holds."""

    name = models.CharField(_("name"), max_length=100)
    target = models.ForeignKey(
        ContentType, verbose_name=_("applies to"), on_delete=models.PROTECT, related_name="+"
    )
    condition = models.CharField(
        _("condition"), max_length=100,
        help_text=_("The registered condition (code) under which this route applies."),
    )
    description = models.TextField(_("description"), blank=True,
                                   help_text=_("The rule and article this route implements."))
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval route")
        verbose_name_plural = _("approval routes")
        ordering = ["target_id", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        from approvals.conditions import get_condition

        errors = {}
        if self.condition:
            try:
                get_condition(self.condition)
            except ValidationError as exc:
                errors["condition"] = exc.messages
        # A route protecting confidentiality (access requests, role changes) stays active,
        # keeps its target and condition, and holds only steps of its required role.
        stored = (ApprovalRoute.objects.filter(pk=self.pk).values("target_id", "condition").first()
                  if self.pk else None)
        if stored and required_decider_role(stored["target_id"]) and (
                stored["target_id"], stored["condition"]) != (self.target_id, self.condition):
            errors["target"] = [_("This route protects confidentiality: its target and "
                                  "condition cannot change.")]
        role = required_decider_role(self.target_id)
        if role and not self.is_active:
            errors["is_active"] = [_("This route protects confidentiality and cannot be "
                                     "deactivated.")]
        if role and self.pk and self.steps.filter(is_active=True).exclude(
                decider=Decider.ROLE, role__name=role).exists():
            errors.setdefault("target", []).append(
                _("Routes of this kind accept only steps decided by the role “%(role)s”.")
                % {"role": _role_name(Group.objects.filter(name=role).first()) or role})
        if errors:
            raise ValidationError(errors)


def required_decider_role(content_type_id) -> str | None:
    """The role every step of a route of this target must be decided by, or None: the target
    model's registered ApprovalTarget declares it as `decider_role` (e.g. access requests: gm,
    第十一条)."""
    from approvals.targets import decider_role_for

    if not content_type_id:
        return None
    return decider_role_for(ContentType.objects.get_for_id(content_type_id).model_class())


class DeciderFields(models.Model):
    """Who decides a step and how many of them must agree (shared by route and frozen steps)."""

    label = models.CharField(_("label"), max_length=100, blank=True,
                             help_text=_("Shown in the timeline; the role's name when empty."))
    decider = models.CharField(_("who decides"), max_length=20, choices=Decider.choices,
                               default=Decider.ROLE)
    role = models.ForeignKey(Group, verbose_name=_("role"), on_delete=models.PROTECT,
                             null=True, blank=True, related_name="+")
    mode = models.CharField(_("how many must agree"), max_length=10, choices=Mode.choices,
                            default=Mode.ONE)
    quorum = models.PositiveSmallIntegerField(_("quorum"), null=True, blank=True,
                                              help_text=_("For “at least N”: N."))
    time_limit_hours = models.DecimalField(
        _("time limit (working hours)"), max_digits=5, decimal_places=1, default=16,
        help_text=_("Monday to Friday, 9:00–17:30."),
    )

    class Meta:
        abstract = True

    def clean(self):
        errors = {}
        if self.decider in (Decider.ROLE, Decider.DEPARTMENT_ROLE) and not self.role_id:
            errors["role"] = _("Choose the role whose holders decide this step.")
        if self.mode == Mode.QUORUM and not self.quorum:
            errors["quorum"] = _("Give the number of approvals needed (at least 1).")
        if self.mode != Mode.QUORUM and self.quorum:
            errors["quorum"] = _("A quorum only applies to “at least N of them”.")
        if self.time_limit_hours is not None and self.time_limit_hours <= 0:
            errors["time_limit_hours"] = _("The time limit must be more than 0 hours.")
        if errors:
            raise ValidationError(errors)


class RouteStep(DeciderFields, BusinessModel):
    """One step of a route. Steps of all matching routes are merged in ascending rank."""

    route = models.ForeignKey(ApprovalRoute, verbose_name=_("route"), on_delete=models.PROTECT,
                              related_name="steps")
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=100,
        help_text=_("Steps of all matching routes run in ascending rank (e.g. market manager 20, "
                    "vice president 30, general manager 40)."),
    )
    department_field = models.CharField(
        _("department field"), max_length=100, blank=True,
        help_text=_("For a role within a department: the target's field giving the department, "
                    "e.g. created_by.department."),
    )
    user_field = models.CharField(
        _("user field"), max_length=100, blank=True,
        help_text=_("For a named user: the target's field giving the user, "
                    "e.g. customer.sales_director."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("route step")
        verbose_name_plural = _("route steps")
        ordering = ["route_id", "rank", "id"]

    def __str__(self):
        return f"{self.route} #{self.rank}: {self.decider_label()}"

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if self.decider == Decider.DEPARTMENT_ROLE and not self.department_field:
            errors["department_field"] = [_("Name the target's field that gives the department.")]
        if self.decider == Decider.FIELD_USER and not self.user_field:
            errors["user_field"] = [_("Name the target's field that gives the user.")]
        self._clean_protected(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_protected(self, errors: dict) -> None:
        """Steps of a route protecting confidentiality: only its required role, always active,
        never moved to another route (第十一条: the GM authorises, nobody else)."""
        route = self.route if self.route_id or "route" in self._state.fields_cache else None
        stored = (RouteStep.objects.filter(pk=self.pk).values_list("route__target_id", "route_id")
                  .first() if self.pk else None)
        if stored and required_decider_role(stored[0]) and stored[1] != self.route_id:
            errors.setdefault("route", []).append(
                _("This step belongs to a route protecting confidentiality and cannot move."))
        role = required_decider_role(route.target_id) if route is not None else None
        if not role:
            return
        if self.decider != Decider.ROLE or (self.role is not None and self.role.name != role):
            errors.setdefault("role", []).append(
                _("Routes of this kind accept only steps decided by the role “%(role)s”.")
                % {"role": _role_name(Group.objects.filter(name=role).first()) or role})
        if not self.is_active:
            errors.setdefault("is_active", []).append(
                _("This route protects confidentiality: its steps cannot be deactivated."))

    def decider_key(self) -> tuple:
        """Identifies "the same decider" when merging routes: such a step is kept once."""
        return (self.decider, self.role_id, self.department_field, self.user_field)

    def decider_label(self) -> str:
        if self.label:
            return self.label
        if self.decider == Decider.FIELD_USER:
            return self.user_field
        return _role_name(self.role)


def _role_name(group) -> str:
    if group is None:
        return ""
    role = getattr(group, "role", None)
    return role.display_name if role is not None else group.name


class ApprovalRequest(BusinessModel):
    """One round of approval of one object, with its frozen steps."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    content_type = models.ForeignKey(ContentType, verbose_name=_("type"),
                                     on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    comment = models.TextField(_("submission note"), blank=True)
    # A snapshot of what the inbox shows, taken at submission (no per-row queries there).
    title = models.CharField(_("title"), max_length=200)
    number = models.CharField(_("number"), max_length=60, blank=True)
    customer = models.CharField(_("customer"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2,
                                 null=True, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    conditions = models.JSONField(_("matched conditions"), default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["content_type_id", "object_id", "round"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "round"],
                                    name="approvals_request_unique_round"),
            # A double click or a resent form cannot open a second pending round.
            models.UniqueConstraint(fields=["content_type", "object_id"],
                                    condition=Q(status="pending"),
                                    name="approvals_request_one_pending"),
        ]

    def __str__(self):
        return f"{self.title} ({_('round')} {self.round})"

    def get_absolute_url(self):
        return self.url or ""

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def type_label(self) -> str:
        model = self.content_type.model_class()
        return str(model._meta.verbose_name) if model else self.content_type.model


class ApprovalStep(DeciderFields, BusinessModel):
    """A frozen step of one request: who decides (resolved at submission) and its state."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Still to come")
        PENDING = "pending", _("Waiting for decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    request = models.ForeignKey(ApprovalRequest, verbose_name=_("request"),
                                on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    department = models.ForeignKey("accounts.Department", verbose_name=_("department"),
                                   on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("named user"),
                             on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    route_name = models.CharField(_("from route"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.WAITING)
    activated_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)
    # Every decision bumps the version with a conditional UPDATE: of two decisions made at
    # the same moment on the same version, the database accepts exactly one.
    version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["request_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "position"],
                                    name="approvals_step_unique_position"),
        ]
        indexes = [models.Index(fields=["status", "role"]),
                   models.Index(fields=["status", "user"])]

    def __str__(self):
        return f"{self.request} · {self.position}. {self.decider_label()}"

    def decider_label(self) -> str:
        if self.label:
            return self.label
        if self.decider == Decider.FIELD_USER:
            return str(self.user) if self.user_id else ""
        name = _role_name(self.role)
        if self.decider == Decider.DEPARTMENT_ROLE and self.department_id:
            return f"{name}（{self.department}）"
        return name

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.PENDING and self.due_at is not None and now > self.due_at


class Decision(HashChainedModel, BusinessModel):
    """One person's approval or rejection of a step, for their own seat or a delegator's.

    Append-only and hash-chained (core.models.HashChainedModel): written once, never changed.
    """

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")

    step = models.ForeignKey(ApprovalStep, verbose_name=_("step"), on_delete=models.PROTECT,
                             related_name="decisions")
    seat = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided for"),
                             on_delete=models.PROTECT, related_name="+",
                             help_text=_("The role holder whose vote this is."))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.PROTECT, related_name="approval_decisions")
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    hash_chain_fields = ("step", "seat", "decided_by", "outcome", "comment", "decided_at",
                         "created_by")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["step_id", "decided_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["step", "seat"],
                                    name="approvals_decision_one_per_seat"),
        ]

    def __str__(self):
        return f"{self.decided_by} {self.get_outcome_display()} {self.step}"

    @property
    def is_delegated(self) -> bool:
        return self.seat_id != self.decided_by_id


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
