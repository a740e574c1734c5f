"""Admin of the customer archive: read-only and confidentiality-scoped (changes go through the
staff pages and their services); the gas-use class list is configuration, editable.

Every model holding customer data is shown through `CustomerDataAdmin`: the pages' rule
(customer_list / customer_access, superusers and sysadmin included), history views too, with
identifiers masked for readers under a grant and each read written to the customer's log.
Other apps' admins of customer data (contracts, approvals) can use `ConfidentialAdmin` of
core.admin with their own selector, or this class with a `customer_path`.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.roles import GM
from core.admin import ConfidentialAdmin, NoDeleteAdminMixin, register_access_log_scope
from customers.models import AccessGrant, Customer, GasAccount, GasUseClass
from customers.selectors import customer_access, customer_list


class CustomerDataAdmin(ConfidentialAdmin):
    """Lists and opens only what `customer_list` / `customer_access` let the user see; the
    record's customer is reached through `customer_path` ("pk" for the customer itself)."""

    customer_path = "pk"

    def scope(self, request, queryset):
        visible = customer_list(user=request.user).values("pk")
        return queryset.filter(**{f"{self.customer_path}__in": visible})

    def logged_record(self, obj):
        return obj if isinstance(obj, Customer) else obj.customer

    def read_access(self, request, obj):
        return customer_access(user=request.user, customer=self.logged_record(obj))


def customer_logs_readable(user):
    """Customers whose read log `user` may see: as the log tab of the customer page
    (customer_access(...).can_see_log), the archive custodian's own customers, all for the GM."""
    if not (user and user.is_authenticated and user.is_active):
        return Customer.objects.none()
    if GM in user.role_codes:
        return Customer.objects.all()
    return Customer.objects.filter(custodian=user)


register_access_log_scope(Customer, customer_logs_readable)


@admin.register(Customer)
class CustomerAdmin(CustomerDataAdmin):
    list_display = ["number", "name", "category", "status", "archive_state", "sales_rep"]
    list_filter = ["category", "status", "archive_state"]
    search_fields = ["number", "name"]
    list_select_related = ["sales_rep"]


@admin.register(GasAccount)
class GasAccountAdmin(CustomerDataAdmin):
    customer_path = "customer"
    list_display = ["number", "customer", "premises", "status"]
    list_select_related = ["customer", "premises"]


@admin.register(AccessGrant)
class AccessGrantAdmin(CustomerDataAdmin):
    customer_path = "customer"
    list_display = ["user", "customer", "can_print", "starts_at", "expires_at", "removed_at"]
    list_select_related = ["user", "customer"]


@admin.register(GasUseClass)
class GasUseClassAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "categories", "is_active"]
    list_filter = ["is_active"]
