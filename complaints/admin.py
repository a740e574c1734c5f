"""Admin of complaints: the category tree is configuration, edited with history by the general
manager and the system administrator (their model permissions come from the data migration;
superusers too). Complaints themselves have no admin: they name customers and callers, and are
read on their pages through complaints.selectors, which apply 第十一条."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from complaints.models import ComplaintCategory
from core.admin import NoDeleteAdminMixin


@admin.register(ComplaintCategory)
class ComplaintCategoryAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "parent", "first_response_hours", "resolution_days",
                    "is_safety_hazard", "is_active", "ordering"]
    list_filter = ["is_active", "is_safety_hazard", "parent"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    ordering = ["parent__ordering", "ordering", "code"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":  # two levels: a parent is a top-level category
            kwargs["queryset"] = ComplaintCategory.objects.filter(parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
