"""Contract types, clause templates and price standards are configuration, edited in the admin
with history (第三条: an admin adds or retires a type without code); contracts themselves are
read-only there and scoped to what the user may see."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from contracts.models import ClauseTemplate, Contract, ContractType, PriceStandard
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
