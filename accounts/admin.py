"""The user and role admin for `sysadmin`: users are deactivated, never deleted."""

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Department, Role, User
from core.admin import NoDeleteAdminMixin


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
        # Only a superuser can make another superuser or grant single permissions.
        readonly = ["last_login", "date_joined"]
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        return readonly

    @admin.action(description=_("Deactivate the selected users"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = 0
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
    list_display = ("code", "name", "name_en", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "name_en")


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
