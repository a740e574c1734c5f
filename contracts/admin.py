"""Contract types, clause templates and price standards are configuration, edited in the admin
with history (第三条: an admin adds or retires a type without code); contracts themselves are
read-only there and scoped to what the user may see."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from contracts.actions import company_profile_may_edit
from contracts.models import ClauseTemplate, CompanyProfile, Contract, ContractType, PriceStandard
from contracts.models.company import PARTY_FIELDS, SINGLETON_PK
from contracts.selectors import contract_list
from core.admin import AdminRead, ConfidentialAdmin, NoDeleteAdminMixin


class ClauseTemplateInline(admin.StackedInline):
    model = ClauseTemplate
    extra = 0
    can_delete = False
    fields = ["version", "effective_from", "body"]


@admin.register(ContractType)
class ContractTypeAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "prefix", "is_active"]
    list_filter = ["kind", "is_active"]
    inlines = [ClauseTemplateInline]


@admin.register(PriceStandard)
class PriceStandardAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["item", "unit", "unit_price", "effective_from", "effective_to",
                    "document_number"]
    search_fields = ["item", "document_number"]


@admin.register(Contract)
class ContractAdmin(ConfidentialAdmin):
    """A contract names its customer: its admin, history views included, follows the contract
    pages' rule (contract_list, superusers included), read-only, each read logged."""

    list_display = ["number", "title", "customer", "status", "amount"]
    list_filter = ["status", "contract_type"]
    list_select_related = ["customer"]

    def scope(self, request, queryset):
        return queryset.filter(pk__in=contract_list(user=request.user).values("pk"))

    def read_access(self, request, obj):
        if not contract_list(user=request.user).filter(pk=obj.pk).exists():
            return None
        return AdminRead(full=False)


@admin.register(CompanyProfile)
class CompanyProfileAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    """The contracts' 甲方 (issue 13, point 5): opened and changed only by whom
    company_profile_may_edit allows (gm, sysadmin) and who also holds the model permission
    (granted by migration 0009), for the one row only; saved through company_profile_update,
    so the history names the user."""

    list_display = ["name", "legal_representative", "tax_number", "updated_at"]
    fields = list(PARTY_FIELDS)

    def _editor(self, request) -> bool:
        return company_profile_may_edit(user=request.user)

    def _the_one(self, obj) -> bool:
        return obj is None or obj.pk == SINGLETON_PK

    def has_module_permission(self, request):
        return self._editor(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return (self._editor(request) and self._the_one(obj)
                and super().has_view_permission(request, obj))

    def has_change_permission(self, request, obj=None):
        return (self._editor(request) and self._the_one(obj)
                and super().has_change_permission(request, obj))

    def has_add_permission(self, request):
        return False  # the one row is seeded by the migration

    def save_model(self, request, obj, form, change):
        from contracts.services.company import company_profile_update

        company_profile_update(by=request.user, **{name: form.cleaned_data[name]
                                                   for name in PARTY_FIELDS})
