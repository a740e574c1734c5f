"""The user and role admin for `sysadmin`: users are deactivated, never deleted.

Separation of duties (第十一条, 第十二条): a non-superuser cannot change anyone's role groups,
staff or superuser flags, group permissions or group names here; he files a role-change request
that the general manager decides in the approval inbox. The accounts of superusers and of the
roles reading every archive (GM, sales director) are read-only to him (no password set, no
e-mail changed: no takeover by reset).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Department, Role, RoleChangeRequest, User
from accounts.roles import PROTECTED_ACCOUNT_ROLES, ROLE_CODES
from accounts.services import role_change_request
from core.admin import NoDeleteAdminMixin


def is_protected_account(user: User) -> bool:
    """Superusers and holders of a role reading every customer archive (the GM, the sales
    director): only a superuser changes their accounts in the admin."""
    return user.is_superuser or user.groups.filter(name__in=PROTECTED_ACCOUNT_ROLES).exists()


@admin.register(User)
class UserAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ("username", "last_name", "first_name", "department", "title", "is_active",
                    "is_staff")
    list_filter = ("is_active", "is_staff", "department", "groups")
    list_select_related = ("department",)
    search_fields = ("username", "first_name", "last_name", "email", "phone")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("last_name", "first_name", "email", "phone")}),
        (_("Position"), {"fields": ("department", "title")}),
        (_("Roles and access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (_("Position"), {"fields": ("last_name", "first_name", "department", "title", "groups")}),
    )
    filter_horizontal = ("groups",)
    actions = ["deactivate"]

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser makes superusers or staff; roles change by the GM's approval.
        readonly = ["last_login", "date_joined", "role_change_link"]
        if not request.user.is_superuser:
            readonly += ["is_superuser", "is_staff", "groups"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None and not request.user.is_superuser:
            # A new user starts without roles; they are requested afterwards.
            return [(name, {**options, "fields": [f for f in options["fields"] if f != "groups"]})
                    for name, options in fieldsets]
        if obj is not None:
            return [(name, {**options, "fields": [*options["fields"], "role_change_link"]
                            if "groups" in options["fields"] else options["fields"]})
                    for name, options in fieldsets]
        return fieldsets

    def has_change_permission(self, request, obj=None):
        # Also guards the admin's password page (Django checks change permission there).
        if obj is not None and not request.user.is_superuser and is_protected_account(obj):
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("Role changes"))
    def role_change_link(self, obj):
        url = reverse("admin:accounts_rolechangerequest_add") + f"?user={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Request a role change"))

    @admin.action(description=_("Deactivate the selected users"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = 0
        if not request.user.is_superuser:
            queryset = queryset.exclude(is_superuser=True).exclude(
                groups__name__in=PROTECTED_ACCOUNT_ROLES)
        for user in queryset.filter(is_active=True):
            user.is_active = False
            user._change_reason = "deactivated"
            user.save(update_fields=["is_active"])
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d user deactivated.", "%(count)d users deactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Department)
class DepartmentAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ("code", "name", "name_en", "head", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "name_en")
    list_select_related = ("head",)


class RoleInline(admin.StackedInline):
    model = Role
    can_delete = False
    fields = ("code", "name", "name_en", "description")
    readonly_fields = ("code",)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(NoDeleteAdminMixin, BaseGroupAdmin):
    inlines = [RoleInline]
    list_display = ("name", "role")
    list_select_related = ("role",)

    def get_readonly_fields(self, request, obj=None):
        # A group's name is the role code the code checks (has_role); its permissions are
        # set by setup_roles and migrations. Neither is the sysadmin's to change.
        if request.user.is_superuser:
            return ()
        return ("permissions",) if obj is None else ("name", "permissions")


class RoleChangeRequestForm(forms.ModelForm):
    """Files the request through the service while validating, so that every refusal shows
    on the form (naming the field) instead of failing after it."""

    editor = None
    filed = None

    class Meta:
        model = RoleChangeRequest
        fields = ["user", "role", "action", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "role" in self.fields:
            self.fields["role"].queryset = Group.objects.filter(name__in=ROLE_CODES).order_by(
                "name")
            self.fields["user"].queryset = User.objects.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.editor is None:
            return cleaned
        try:
            self.filed = role_change_request(
                user=cleaned["user"], role=cleaned["role"], action=cleaned["action"],
                reason=cleaned["reason"], by=self.editor)
        except ValidationError as exc:
            self.add_error(None, exc)
        return cleaned


@admin.register(RoleChangeRequest)
class RoleChangeRequestAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    """Filed here by the sysadmin, decided by the GM in the approval inbox, never edited."""

    form = RoleChangeRequestForm
    list_display = ("user", "action", "role", "status", "requested_by", "created_at")
    list_filter = ("status", "action", "role")
    list_select_related = ("user", "role", "requested_by")
    search_fields = ("user__username", "user__last_name", "user__first_name", "reason")
    readonly_fields = ("status", "requested_by")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "role", "action", "reason"]
        return ["user", "role", "action", "reason", "status", "requested_by"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user
        return form

    def has_change_permission(self, request, obj=None):
        return False

    def save_form(self, request, form, change):
        return form.filed

    def save_model(self, request, obj, form, change):
        """Already saved by role_change_request() during validation."""

    def save_related(self, request, form, formsets, change):
        """Nothing related: the request has no inlines."""
