"""Routes as data: an ApprovalRoute attached to a target model and a named condition (code in
`approvals.conditions`), and its steps (RouteStep) saying who decides and how many must agree.
`DeciderFields` is shared with the frozen steps of a request (approvals.models.requests).
"""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BusinessModel


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
                % {"role": role_name(Group.objects.filter(name=role).first()) or role})
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
                % {"role": role_name(Group.objects.filter(name=role).first()) or role})
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
        return role_name(self.role)


def role_name(group) -> str:
    """A role group's display name (its Role's, else the group's own name); "" for None."""
    if group is None:
        return ""
    role = getattr(group, "role", None)
    return role.display_name if role is not None else group.name
