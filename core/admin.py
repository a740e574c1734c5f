"""Admin building blocks: no deletion anywhere, object permissions for business records, and
the read-only admin of confidential records (第十一条) with the pages' object rule; the work
calendar (holidays and make-up working days), kept by the GM and the system administrator."""

import copy
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from accounts.roles import GM, SYSADMIN
from core.access import access_log_write
from core.models import AccessLog, NumberSequence, WorkCalendarDay
from core.permissions import has_object_perm, visible
from core.reasons import basis_label
from core.text import identifying_fields, mask_field_value


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

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a POSTed old version without asking for the change permission.
        if request.method not in ("GET", "HEAD"):
            try:
                current = self.get_queryset(request).filter(pk=unquote(object_id)).first()
            except (ValueError, ValidationError):
                current = None
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class _MaskingContextHelper(HistoricalRecordContextHelper):
    """The admin's history deltas with identifying fields masked (core.text)."""

    def prepare_delta_change_value(self, change, value):
        return mask_field_value(self.model, change.field,
                                super().prepare_delta_change_value(change, value))


@dataclass(frozen=True)
class AdminRead:
    """How a ConfidentialAdmin user reads one record, for apps without an Access of their own:
    `full` unmasks identifiers, `basis` goes to the read log."""

    full: bool
    basis: str = ""


class ConfidentialAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    """Read-only admin of records holding customer data (第十一条), its history views included.

    A subclass says which records the user may read (`scope`: the pages' selector), how
    (`read_access`: an object with `full` and `basis`, such as customers' Access, or None) and
    against which record a read is logged (`logged_record`). Then the list, the change page,
    the history list and the historical-record view open only readable records (404 otherwise:
    superusers get no exception); identifiers (the model's IDENTIFYING_FIELDS) are masked unless
    `full`; every field is shown read-only, so no form lists other records in a choice; nothing
    is added, changed or reverted; and each page that shows the record writes its read log.
    """

    # Hooks every subclass defines: scope(request, queryset) -> the readable records;
    # read_access(request, obj) -> the Access (or None). Checked when the subclass is defined,
    # so an admin that forgot its object rule fails at import, not on its first page.
    REQUIRED_HOOKS = ("scope", "read_access")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        missing = [name for name in cls.REQUIRED_HOOKS if not callable(getattr(cls, name, None))]
        if missing:
            raise ImproperlyConfigured(
                f"{cls.__qualname__} shows customer data without its object rule: define "
                f"{', '.join(missing)} (core.admin.ConfidentialAdmin).")

    def logged_record(self, obj):
        return obj

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or self.read_access(request, obj) is not None

    def get_readonly_fields(self, request, obj=None):
        opts = self.model._meta
        return [field.name for field in (*opts.concrete_fields, *opts.many_to_many)
                if not field.primary_key]

    def _readable_or_404(self, request, object_id):
        """The current record and the user's access to it; 404 when it is not readable."""
        try:
            obj = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        except (ValueError, ValidationError):
            obj = None
        access = self.read_access(request, obj) if obj is not None else None
        if access is None:
            raise Http404
        request.confidential_access = access
        return obj, access

    def _logged(self, request, obj, access, response):
        if response.status_code == 200:
            access_log_write(request=request, obj=self.logged_record(obj),
                             action=AccessLog.Action.VIEW, grant=access.basis)
        return response

    def _masked(self, request, obj):
        """`obj` with its identifiers masked in place unless the reader has full rights;
        only ever an in-memory copy or an old version, never saved (nothing saves here)."""
        access = getattr(request, "confidential_access", None)
        if obj is not None and not (access is not None and access.full):
            for name in identifying_fields(obj):
                setattr(obj, name, mask_field_value(obj, name, getattr(obj, name)))
        return obj

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        return self._masked(request, copy.copy(obj)) if obj is not None else None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj, access = self._readable_or_404(request, object_id)
        response = super().change_view(request, object_id, form_url, extra_context)
        return self._logged(request, obj, access, response)

    def history_view(self, request, object_id, extra_context=None):
        obj, access = self._readable_or_404(request, object_id)
        response = super().history_view(request, object_id, extra_context)
        return self._logged(request, obj, access, response)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):  # an old version is read, never restored
            raise PermissionDenied
        obj, access = self._readable_or_404(request, object_id)
        response = super().history_form_view(request, object_id, version_id, extra_context)
        return self._logged(request, obj, access, response)

    def get_historical_record_context_helper(self, request, historical_record):
        access = getattr(request, "confidential_access", None)
        if access is not None and access.full:
            return super().get_historical_record_context_helper(request, historical_record)
        return _MaskingContextHelper(self.model, historical_record)

    def render_history_view(self, request, template, context, **kwargs):
        self._masked(request, context.get("original"))  # the old version shown, not saved
        return super().render_history_view(request, template, context, **kwargs)


# Which access-log entries a user may list in the admin, per record type: the app of the record
# registers `scope(user) -> queryset of the records whose read log the user may see` (the same
# rule as its pages). Entries of a type nobody registered are listed to nobody.
ACCESS_LOG_SCOPES: dict[type, Callable] = {}


def register_access_log_scope(model: type, scope: Callable) -> None:
    """Let the access-log admin list the reads of `model` records that `scope(user)` returns."""
    ACCESS_LOG_SCOPES[model] = scope


@admin.register(AccessLog)
class AccessLogAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    """The read log, restricted like the pages' log tab; kept (not removed) so that the GM can
    search reads across customers."""

    list_display = ("at", "user", "action", "content_type", "object_repr", "ip_address",
                    "basis_shown")
    list_filter = ("action", "content_type")
    # The basis is a code (core.reasons.BASES): shown in the reader's language.
    exclude = ("grant",)
    readonly_fields = ("basis_shown",)
    search_fields = ("object_repr", "user__username", "ip_address")
    date_hierarchy = "at"
    list_select_related = ("user", "content_type")

    def get_queryset(self, request):
        """Only reads of records whose log the user may see on the pages (a customer's log:
        its custodian and the GM), superusers included; the log names customers."""
        condition = Q(pk__in=[])
        for model, scope in ACCESS_LOG_SCOPES.items():
            # object_id is text: compare with the ids cast to text, in one subquery.
            ids = scope(request.user).annotate(key=Cast("pk", CharField())).values("key")
            condition |= Q(content_type=ContentType.objects.get_for_model(model),
                           object_id__in=ids)
        return super().get_queryset(request).filter(condition)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("authorisation"), ordering="grant")
    def basis_shown(self, obj):
        return basis_label(obj.grant)


@admin.register(NumberSequence)
class NumberSequenceAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("series", "year", "last")
    list_filter = ("series", "year")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        return queryset.filter(date__year=self.value()) if self.value() else queryset


CALENDAR_EDITORS = frozenset({GM, SYSADMIN})


@admin.register(WorkCalendarDay)
class WorkCalendarDayAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    """The work calendar that time limits count with (core.workhours): opened and edited only
    by the GM, the system administrator (each holding the model permissions, granted by core's
    0005 migration) and superusers. A day saved here becomes hand-entered: the loader
    (`load_work_calendar`) never changes it again. A wrong day is taken out of force, not
    deleted."""

    list_display = ["date", "weekday", "kind", "name", "source", "is_active"]
    list_filter = [YearFilter, "kind", "source", "is_active"]
    search_fields = ["name"]
    date_hierarchy = "date"
    fields = ["date", "kind", "name", "is_active", "source"]
    readonly_fields = ["source"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj):
        return date_format(obj.date, "D") if obj.date else ""

    def _editor(self, request) -> bool:
        user = request.user  # anonymous on the admin's login page
        return user.is_authenticated and (user.is_superuser
                                          or bool(CALENDAR_EDITORS & user.role_codes))

    def has_module_permission(self, request):
        return self._editor(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._editor(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._editor(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._editor(request) and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.source = WorkCalendarDay.Source.MANUAL
        obj._change_reason = "edited_in_admin" if change else "entered_in_admin"
        super().save_model(request, obj, form, change)
