"""Routes and steps are edited in the admin by `sysadmin` and `gm`, with history; requests,
decisions and delegations are shown read-only. Nothing is deleted.

Routes protecting confidentiality (their target's ApprovalTarget declares `decider_role`: access
requests and role changes, 第十一条) are read-only to everyone but the holders of that role and
the superuser; the models' clean() refuses other deciders and deactivation for anyone."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from approvals.conditions import condition_choices
from approvals.models import (
    ApprovalRequest,
    ApprovalRoute,
    Delegation,
    RouteStep,
    required_decider_role,
)
from core.admin import BusinessAdmin, NoDeleteAdminMixin


def may_edit_protected(user, content_type_id) -> bool:
    """May `user` edit routes of this target? Yes unless the target protects confidentiality;
    then only a holder of its required role (the GM) or the superuser."""
    role = required_decider_role(content_type_id)
    return role is None or user.is_superuser or user.has_role(role)


PROTECTED_MESSAGE = _("Routes protecting confidentiality are changed only by the general "
                      "manager.")


class EditorFormMixin:
    """The admin sets `editor` (the request's user) on the form class it builds."""

    editor = None

    def _refuse_protected(self, field: str, content_type_id) -> None:
        if self.editor is not None and not may_edit_protected(self.editor, content_type_id):
            self.add_error(field, PROTECTED_MESSAGE)


class ApprovalRouteForm(EditorFormMixin, forms.ModelForm):
    condition = forms.ChoiceField(choices=())

    class Meta:
        model = ApprovalRoute
        fields = ["name", "target", "condition", "description", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition"].choices = condition_choices()
        self.fields["condition"].label = ApprovalRoute._meta.get_field("condition").verbose_name

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        if target is not None:
            self._refuse_protected("target", target.pk)
        return cleaned


class RouteStepForm(EditorFormMixin, forms.ModelForm):
    class Meta:
        model = RouteStep
        fields = ["route", "rank", "label", "decider", "role", "department_field", "user_field",
                  "mode", "quorum", "time_limit_hours", "is_active"]

    def clean(self):
        cleaned = super().clean()
        route = cleaned.get("route")
        if route is not None:
            self._refuse_protected("route", route.target_id)
        return cleaned


class EditorAdminMixin:
    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user
        return form


class RouteStepInline(admin.TabularInline):
    model = RouteStep
    extra = 1
    can_delete = False
    fields = ["rank", "label", "decider", "role", "department_field", "user_field", "mode",
              "quorum", "time_limit_hours", "is_active"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (
            obj is None or may_edit_protected(request.user, obj.target_id))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or may_edit_protected(request.user, obj.target_id))


@admin.register(ApprovalRoute)
class ApprovalRouteAdmin(EditorAdminMixin, NoDeleteAdminMixin, SimpleHistoryAdmin):
    form = ApprovalRouteForm
    inlines = [RouteStepInline]
    list_display = ["name", "target", "condition", "is_active"]
    list_filter = ["is_active", "target"]
    search_fields = ["name", "condition", "description"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or may_edit_protected(request.user, obj.target_id))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for step in formset.save(commit=False):
            if step.pk is None:
                step.created_by = request.user
            step._history_user = request.user  # every route change names its editor
            step.save()
        formset.save_m2m()


@admin.register(RouteStep)
class RouteStepAdmin(EditorAdminMixin, NoDeleteAdminMixin, SimpleHistoryAdmin):
    form = RouteStepForm
    list_display = ["route", "rank", "decider", "role", "mode", "time_limit_hours", "is_active"]
    list_filter = ["route", "decider", "mode", "is_active"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or may_edit_protected(request.user, obj.route.target_id))


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
