"""The contract lists' filters (django-filter) and sort keys, the same on every tab: the
FilterSet narrows the tab's permission-scoped queryset (contracts.selectors.contract_list),
so it never shows a contract the user may not open. The URL's parameter names are those the
list had before (type, status, customer, from, to, min, max), so that bookmarks still work."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contracts.models import BudgetEstimate, Contract, ContractType
from core.forms import BootstrapFormMixin

SORTS = {
    "number": ("number",),
    "customer": ("customer__name",),
    "amount": ("amount",),
    "date": ("contract_date",),
    "status": ("status",),
    "created": ("id",),
}
DEFAULT_SORT = "-created"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


class ContractFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Contract number or customer name")}),
    )
    type = django_filters.ModelChoiceFilter(
        label=_("Type"),
        field_name="contract_type",
        to_field_name="code",
        queryset=ContractType.objects.order_by("id"),
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Contract.Status.choices, empty_label=_("All")
    )
    customer = django_filters.CharFilter(
        label=_("Customer number"), method="filter_customer", max_length=20
    )

    class Meta:
        model = Contract
        fields = []
        form = FilterForm

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(customer__name__icontains=value))

    def filter_customer(self, queryset, name, value):
        return queryset.filter(customer__number=value.strip().upper())


# "from" is a Python keyword: these are added to the declared filters by name.
ContractFilter.base_filters.update(
    {
        "from": django_filters.DateFilter(
            label=_("From"), field_name="contract_date", lookup_expr="gte", widget=DATE
        ),
        "to": django_filters.DateFilter(
            label=_("To"), field_name="contract_date", lookup_expr="lte", widget=DATE
        ),
        "min": django_filters.NumberFilter(label=_("Min"), field_name="amount", lookup_expr="gte"),
        "max": django_filters.NumberFilter(label=_("Max"), field_name="amount", lookup_expr="lte"),
    }
)


# --- Budgets (预算员: the budgets the user prepared) -----------------------------------------
BUDGET_SORTS = {
    "number": ("number",),
    "customer": ("customer__name",),
    "created": ("id",),
}
ISSUED_CHOICES = [("no", _("Not issued")), ("yes", _("Issued"))]


class BudgetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Budget number, customer number or name")}),
    )
    issued = django_filters.ChoiceFilter(
        label=_("State"), choices=ISSUED_CHOICES, method="filter_issued", empty_label=_("All")
    )

    class Meta:
        model = BudgetEstimate
        fields = []
        form = FilterForm

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__icontains=value)
            | Q(customer__number=value.upper())
            | Q(customer__name__icontains=value)
        )

    def filter_issued(self, queryset, name, value):
        return queryset.filter(is_issued=value == "yes")
