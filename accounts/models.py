"""Users, departments and the role groups of DESIGN.md §2."""

from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.db import connection, models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import frame
from core.frame import memo
from core.models import (
    BusinessModel,
    HardDeleteForbidden,
    NoDeleteModel,
    NoDeleteQuerySet,
    TimeStampedModel,
)
from core.text import in_language
from core.validators import validate_phone


class NamedInTwoLanguages:
    """`name` and `name_en`: shown in the page's language (core.text.in_language)."""

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_en)


class Department(NamedInTwoLanguages, NoDeleteModel, TimeStampedModel):
    """A department (部门) of the company; every user belongs to one."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The department head: complaints received by the department are escalated to him
    # (complaints.deadlines) and he may assign their handlers.
    head = models.ForeignKey("accounts.User", verbose_name=_("department head"),
                             on_delete=models.PROTECT, null=True, blank=True,
                             related_name="departments_headed")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]


class Role(NamedInTwoLanguages, models.Model):
    """The display names of a role group. The group's own name is the stable code (`gm`)."""

    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, primary_key=True, related_name="role"
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["code"]

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_en)


class UserQuerySet(NoDeleteQuerySet):
    def with_role(self, code: str):
        return self.filter(groups__name=code, is_active=True)


class ActiveUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A member of staff. Users are deactivated, never deleted: history keeps pointing at them."""

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    title = models.CharField(_("job title"), max_length=100, blank=True)

    objects = ActiveUserManager()
    # Role changes (groups) are kept in history too: who gave whom which role, and when.
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=["groups"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.name_of(self.username, self.first_name, self.last_name)

    @staticmethod
    def name_of(username: str, first_name: str, last_name: str) -> str:
        """How a user is named everywhere (str(user)), from the three columns alone: lists
        that read only these columns name users without building them."""
        return User.full_name_of(first_name, last_name) or username

    @staticmethod
    def full_name_of(first_name: str, last_name: str) -> str:
        # Chinese names read family name first, without a space.
        return f"{last_name}{first_name}".strip()

    def get_full_name(self):
        return self.full_name_of(self.first_name, self.last_name)

    def get_absolute_url(self):
        return reverse("core:home")

    def delete(self, *args, **kwargs):
        raise HardDeleteForbidden(_("users (deactivate the user)"))

    delete.alters_data = True

    @property
    def role_codes(self) -> frozenset[str]:
        """The codes of the user's role groups (the groups' names)."""
        return memo(self, "role_codes",
                    lambda: frozenset(group.name for group, _ in self._role_rows()))

    @property
    def role_group_ids(self) -> frozenset[int]:
        """The ids of the user's role groups (what an approval step names as its role)."""
        return memo(self, "role_group_ids",
                    lambda: frozenset(group.pk for group, _ in self._role_rows()))

    def has_role(self, code: str) -> bool:
        return code in self.role_codes

    def roles(self) -> list:
        """The user's roles with their display names, in code order."""
        return memo(self, "roles", lambda: sorted(
            (role for _, role in self._role_rows() if role is not None),
            key=lambda role: role.code))

    def _role_rows(self) -> list[tuple[Group, "Role | None"]]:
        """The user's groups with their Role rows, read once per request (core.frame) for
        role_codes, has_role, roles() and the approval seats alike; the approvals app reads
        them together with the day's delegations (core.frame.provide)."""
        return frame.read(self, "role_rows", lambda user: role_rows_from(
            _fetch(*role_rows_query(user.pk))))


# Hand-written: the frame reads it on every page, and composing it through the ORM cost
# three times the query itself.
ROLE_ROW_COLUMNS = ("g.id", "g.name", "r.code", "r.name", "r.name_en", "r.description",
                    "r.description_en")


def role_rows_query(user_pk) -> tuple[str, list]:
    """SQL for the user's groups with their Role rows: ROLE_ROW_COLUMNS, unordered."""
    return (f"SELECT {', '.join(ROLE_ROW_COLUMNS)} FROM {Group._meta.db_table} g "
            f"JOIN {User.groups.through._meta.db_table} m ON m.group_id = g.id "
            f"LEFT JOIN {Role._meta.db_table} r ON r.group_id = g.id WHERE m.user_id = %s",
            [user_pk])


def role_rows_from(rows) -> list[tuple[Group, "Role | None"]]:
    """(Group, Role or None) pairs, by group name, from rows of `role_rows_query`."""
    fields = ["group_id", "code", "name", "name_en", "description", "description_en"]
    return [(Group.from_db(connection.alias, ["id", "name"], (pk, name)),
             Role.from_db(connection.alias, fields, (pk, *role)) if role[0] is not None
             else None) for pk, name, *role in sorted(rows, key=lambda row: row[1])]


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class RoleChangeRequest(BusinessModel):
    """第十二条 and 第十一条: a business role is given or taken away only on the general
    manager's approval. The system administrator files the request; the GM decides it in
    person (no delegate), and never a change of his own roles."""

    class Action(models.TextChoices):
        ADD = "add", _("Give the role")
        REMOVE = "remove", _("Take the role away")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.PROTECT,
                             related_name="role_change_requests")
    role = models.ForeignKey(Group, verbose_name=_("role"), on_delete=models.PROTECT,
                             related_name="+")
    action = models.CharField(_("change"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(User, verbose_name=_("requested by"),
                                     on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role change request")
        verbose_name_plural = _("role change requests")
        ordering = ["-id"]

    def __str__(self):
        return _("%(change)s “%(role)s”: %(user)s") % {
            "change": self.get_action_display(), "role": _role_label(self.role),
            "user": self.user}


def _role_label(group) -> str:
    role = Role.objects.filter(group=group).first() if group is not None else None
    return role.display_name if role is not None else getattr(group, "name", "")
