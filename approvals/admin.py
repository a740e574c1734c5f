"""Routes and steps are edited in the admin by `sysadmin` and `gm`, with history; requests,
decisions and delegations are shown read-only. Nothing is deleted."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from approvals.conditions import condition_choices
from approvals.models import ApprovalRequest, ApprovalRoute, Delegation, RouteStep
from core.admin import BusinessAdmin, NoDeleteAdminMixin


class ApprovalRouteForm(forms.ModelForm):
    condition = forms.ChoiceField(choices=())

    class Meta:
        model = ApprovalRoute
        fields = ["name", "target", "condition", "description", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition"].choices = condition_choices()
        self.fields["condition"].label = ApprovalRoute._meta.get_field("condition").verbose_name


class RouteStepInline(admin.TabularInline):
    model = RouteStep
    extra = 1
    can_delete = False
    fields = ["rank", "label", "decider", "role", "department_field", "user_field", "mode",
              "quorum", "time_limit_hours", "is_active"]


@admin.register(ApprovalRoute)
class ApprovalRouteAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    form = ApprovalRouteForm
    inlines = [RouteStepInline]
    list_display = ["name", "target", "condition", "is_active"]
    list_filter = ["is_active", "target"]
    search_fields = ["name", "condition", "description"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for step in formset.save(commit=False):
            if step.pk is None:
                step.created_by = request.user
            step.save()
        formset.save_m2m()


@admin.register(RouteStep)
class RouteStepAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["route", "rank", "decider", "role", "mode", "time_limit_hours", "is_active"]
    list_filter = ["route", "decider", "mode", "is_active"]


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(BusinessAdmin):
    """Requests carry customer names: shown only with an object permission, read-only."""

    list_display = ["title", "round", "status", "submitted_by", "submitted_at"]
    list_filter = ["status", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delegation)
class DelegationAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["delegator", "delegate", "starts_on", "ends_on", "reason", "is_active"]
    list_filter = ["is_active"]
    readonly_fields = ["delegator", "delegate", "starts_on", "ends_on", "reason", "is_active"]

    def has_add_permission(self, request):
        return False
