"""Admin of the customer archive: read-only and confidentiality-scoped (changes go through the
staff pages and their services); the gas-use class list is configuration, editable."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NoDeleteAdminMixin
from customers.models import AccessGrant, Customer, GasAccount, GasUseClass
from customers.selectors import customer_access, customer_list


class ReadOnlyScopedAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    """Lists only what `customer_list` lets the user see; nothing is added or changed here."""

    customer_path = "pk"

    def get_queryset(self, request):
        visible = customer_list(user=request.user).values("pk")
        return super().get_queryset(request).filter(**{f"{self.customer_path}__in": visible})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        customer = obj if isinstance(obj, Customer) else obj.customer
        return customer_access(user=request.user, customer=customer) is not None


@admin.register(Customer)
class CustomerAdmin(ReadOnlyScopedAdmin):
    list_display = ["number", "name", "category", "status", "archive_state", "sales_rep"]
    list_filter = ["category", "status", "archive_state"]
    search_fields = ["number", "name"]
    list_select_related = ["sales_rep"]


@admin.register(GasAccount)
class GasAccountAdmin(ReadOnlyScopedAdmin):
    customer_path = "customer"
    list_display = ["number", "customer", "premises", "status"]
    list_select_related = ["customer", "premises"]


@admin.register(AccessGrant)
class AccessGrantAdmin(ReadOnlyScopedAdmin):
    customer_path = "customer"
    list_display = ["user", "customer", "can_print", "starts_at", "expires_at", "removed_at"]
    list_select_related = ["user", "customer"]


@admin.register(GasUseClass)
class GasUseClassAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "categories", "is_active"]
    list_filter = ["is_active"]
