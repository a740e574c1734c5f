"""The customer list's filters (django-filter) and sort keys. The FilterSet is given the
permission-scoped read, customers.selectors.customer_list, as its queryset, so every filter
narrows what the user may already see (第十一条); an invalid value is left out and marked on
its field (the form validates the query string)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from customers.forms import _active_users
from customers.models import Category, Customer
from customers.search import customer_search
from customers.selectors import customers_with_incomplete_accounts

# The sort key of the URL → the fields it orders by (core.listing adds the id as tiebreak).
SORTS = {
    "number": ("number",),
    "name": ("name",),
    "category": ("category",),
    "status": ("status",),
    "created": ("id",),
}
DEFAULT_SORT = "-created"


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


class CustomerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_q", max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _(
            "Number, name, phone (or its last 4 digits), ID number, account number or "
            "address")}))
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices,
                                           empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Customer.Status.choices,
                                         empty_label=_("All"))
    archive_state = django_filters.ChoiceFilter(label=_("Archive confirmation"),
                                                choices=Customer.ArchiveState.choices,
                                                empty_label=_("All"))
    district = django_filters.CharFilter(label=_("District"), method="filter_district",
                                         max_length=50)
    custodian = django_filters.ModelChoiceFilter(label=_("Custodian"),
                                                 queryset=lambda request: _active_users())
    incomplete = django_filters.BooleanFilter(label=_("Incomplete accounts"),
                                              method="filter_incomplete",
                                              widget=forms.CheckboxInput)

    class Meta:
        model = Customer
        fields = []
        form = FilterForm

    def filter_q(self, queryset, name, value):
        return customer_search(queryset, value)

    def filter_district(self, queryset, name, value):
        return queryset.filter(accounts__premises__district=value).distinct() if value \
            else queryset

    def filter_incomplete(self, queryset, name, value):
        return customers_with_incomplete_accounts(queryset) if value else queryset
