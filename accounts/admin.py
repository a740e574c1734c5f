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
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Department, Role, RoleChangeRequest, User
from accounts.roles import PROTECTED_ACCOUNT_ROLES, ROLE_CODES, role_display_name
from accounts.services import (
    lockout_failures,
    lockout_reset,
    may_lift_lockouts,
    role_change_request,
)
from core.admin import NoDeleteAdminMixin


def is_protected_account(user: User) -> bool:
    """Superusers and holders of a role reading every customer archive (the GM, the sales
    director): only a superuser changes their accounts in the admin."""
    return user.is_superuser or user.groups.filter(name__in=PROTECTED_ACCOUNT_ROLES).exists()


def group_label(group: Group) -> str:
    """A role group as people read it: the role's name in the page's language, not its code."""
    return role_display_name(group.name)


class RoleFilter(admin.SimpleListFilter):
    """Filter by role, listed by the roles' names (the groups' names are codes)."""

    title = _("role")
    parameter_name = "role"
    lookup = "groups__pk"

    def lookups(self, request, model_admin):
        groups = sorted(Group.objects.filter(name__in=ROLE_CODES),
                        key=lambda group: ROLE_CODES.index(group.name))
        return [(group.pk, group_label(group)) for group in groups]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.lookup: self.value()}).distinct()
        return queryset


class RequestedRoleFilter(RoleFilter):
    lookup = "role__pk"


class RoleChoicesMixin:
    """Role group pickers (the user's groups, a role-change request's role) labelled with the
    roles' names instead of their codes."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and field is not None:
            field.label_from_instance = group_label
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "role" and field is not None:
            field.label_from_instance = group_label
        return field


@admin.register(User)
class UserAdmin(RoleChoicesMixin, NoDeleteAdminMixin, SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ("username", "last_name", "first_name", "department", "title", "role_names",
                    "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "department", RoleFilter)
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
    actions = ["deactivate", "lift_lockout"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_names(self, obj):
        return "、".join(group_label(group) for group in
                        sorted(obj.groups.all(), key=lambda group: group.name))

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser makes superusers or staff; roles change by the GM's approval.
        readonly = ["last_login", "date_joined", "role_change_link", "lockout_state"]
        if not request.user.is_superuser:
            readonly += ["is_superuser", "is_staff", "role_names"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not request.user.is_superuser:
            # The roles, read-only to him, by their names (the groups' names are codes).
            fieldsets = [(name, {**options, "fields": [
                "role_names" if f == "groups" else f for f in options["fields"]]})
                for name, options in fieldsets]
        if obj is None and not request.user.is_superuser:
            # A new user starts without roles; they are requested afterwards.
            return [(name, {**options, "fields": [f for f in options["fields"] if f != "groups"]})
                    for name, options in fieldsets]
        if obj is not None:
            return [(name, {**options, "fields": [*options["fields"], "role_change_link"]
                            if {"groups", "role_names"} & set(options["fields"]) else [
                                *options["fields"], "lockout_state"]
                            if "password" in options["fields"] else options["fields"]})
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

    @admin.display(description=_("Sign-in lock-out"))
    def lockout_state(self, obj):
        """Failed sign-ins counted against the username, with the page lifting the lock-out
        (the lock-out page sends the user to the system administrator)."""
        failures = lockout_failures(obj)
        if not failures:
            return _("No failed sign-ins")
        text = ngettext("%(count)d failed sign-in", "%(count)d failed sign-ins",
                        failures) % {"count": failures}
        url = reverse("admin:accounts_user_lift_lockout", args=[obj.pk])
        return format_html('{} <a class="button" href="{}">{}</a>', text, url,
                           _("Lift the lock-out"))

    def get_urls(self):
        return [path("<int:pk>/lift-lockout/", self.admin_site.admin_view(self.lift_lockout_view),
                     name="accounts_user_lift_lockout"), *super().get_urls()]

    def has_lift_lockout_permission(self, request, obj=None):
        return may_lift_lockouts(request.user)

    def lift_lockout_view(self, request, pk):
        """GET: the confirmation; POST: axes' reset for the user's username, recorded in the
        user's history (accounts.services.lockout_reset)."""
        if not self.has_lift_lockout_permission(request):
            raise PermissionDenied
        user = get_object_or_404(User, pk=pk)
        if request.method == "POST":
            failures = lockout_reset(user=user, by=request.user)
            self.message_user(request, _("The sign-in lock-out of %(user)s was lifted "
                                         "(%(count)d failed sign-ins cleared).")
                              % {"user": user.username, "count": failures}, messages.SUCCESS)
            return redirect("admin:accounts_user_change", user.pk)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "original": user,
                   "failures": lockout_failures(user),
                   "title": _("Lift the sign-in lock-out")}
        return TemplateResponse(request, "admin/accounts/user/lift_lockout.html", context)

    @admin.action(description=_("Lift the sign-in lock-out of the selected users"),
                  permissions=["lift_lockout"])
    def lift_lockout(self, request, queryset):
        cleared = [user for user in queryset if lockout_reset(user=user, by=request.user)]
        self.message_user(
            request,
            ngettext("Sign-in lock-out lifted for %(count)d user.",
                     "Sign-in lock-out lifted for %(count)d users.", len(cleared))
            % {"count": len(cleared)},
            messages.SUCCESS,
        )

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
    list_display = ("role", "name")
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
class RoleChangeRequestAdmin(RoleChoicesMixin, NoDeleteAdminMixin, SimpleHistoryAdmin):
    """Filed here by the sysadmin, decided by the GM in the approval inbox, never edited."""

    form = RoleChangeRequestForm
    list_display = ("user", "action", "role_name", "status", "requested_by", "created_at")
    list_filter = ("status", "action", RequestedRoleFilter)
    list_select_related = ("user", "role", "requested_by")
    search_fields = ("user__username", "user__last_name", "user__first_name", "reason")
    readonly_fields = ("status", "requested_by")

    @admin.display(description=_("role"), ordering="role__name")
    def role_name(self, obj):
        return group_label(obj.role)

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
