"""Admin building blocks: no deletion anywhere, object permissions for business records."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.models import AccessLog, NumberSequence
from core.permissions import has_object_perm, visible


class NoDeleteAdminMixin:
    """No delete button, no delete page, no "delete selected" action."""

    def has_delete_permission(self, request, obj=None):
        return False


class BusinessAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    """Admin of a business model: history, no deletion, and object permissions.

    The list shows only the records the user holds `view_<model>` or `change_<model>` on
    (filtered in the database); a record opens only with that object permission. Superusers
    get no exception: confidentiality applies to them too.
    """

    def _perm(self, action: str) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.{action}_{opts.model_name}"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        viewable = visible(request.user, self._perm("view"), queryset)
        changeable = visible(request.user, self._perm("change"), queryset)
        return queryset.filter(pk__in=viewable.values("pk")) | queryset.filter(
            pk__in=changeable.values("pk")
        )

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        return has_object_perm(request.user, self._perm("view"), obj) or self.has_change_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return has_object_perm(request.user, self._perm("change"), obj)

    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, "created_by_id") and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AccessLog)
class AccessLogAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("at", "user", "action", "content_type", "object_repr", "ip_address", "grant")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "user__username", "ip_address")
    date_hierarchy = "at"
    list_select_related = ("user", "content_type")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NumberSequence)
class NumberSequenceAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("series", "year", "last")
    list_filter = ("series", "year")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
