"""The customer list's filters (django-filter) and sort keys. The FilterSet is given the
permission-scoped read, customers.selectors.customer_list, as its queryset, so every filter
narrows what the user may already see (第十一条); an invalid value is left out and marked on
its field (the form validates the query string)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from core.listing import FormClassOnce
from customers.forms import _active_users
from customers.models import AccessRequest, Category, Customer, GasDeliveryNotice
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


class CustomerFilter(FormClassOnce, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "placeholder": _(
                    "Number, name, phone (or its last 4 digits), ID number, account number or "
                    "address"
                )
            }
        ),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Customer.Status.choices, empty_label=_("All")
    )
    archive_state = django_filters.ChoiceFilter(
        label=_("Archive confirmation"), choices=Customer.ArchiveState.choices, empty_label=_("All")
    )
    district = django_filters.CharFilter(
        label=_("District"), method="filter_district", max_length=50
    )
    custodian = django_filters.ModelChoiceFilter(  # the same for every request (FormClassOnce)
        label=_("Custodian"), queryset=lambda request: _active_users()
    )
    incomplete = django_filters.BooleanFilter(
        label=_("Incomplete accounts"), method="filter_incomplete", widget=forms.CheckboxInput
    )

    class Meta:
        model = Customer
        fields = []
        form = FilterForm

    def filter_q(self, queryset, name, value):
        return customer_search(queryset, value)

    def filter_district(self, queryset, name, value):
        return queryset.filter(accounts__premises__district=value).distinct() if value else queryset

    def filter_incomplete(self, queryset, name, value):
        return customers_with_incomplete_accounts(queryset) if value else queryset


# --- Delivery notices (规划建设部) and access requests (第十一条) ---------------------------------
NOTICE_SORTS = {"number": ("number",), "issued": ("issued_on",)}
VOID_CHOICES = [("no", _("Valid")), ("yes", _("Void"))]


class NoticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Notice number, community or street")}),
    )
    void = django_filters.ChoiceFilter(
        label=_("Validity"), choices=VOID_CHOICES, method="filter_void", empty_label=_("All")
    )

    class Meta:
        model = GasDeliveryNotice
        fields = []
        form = FilterForm

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__icontains=value)
            | Q(premises__community__icontains=value)
            | Q(premises__street__icontains=value)
        )

    def filter_void(self, queryset, name, value):
        return queryset.filter(is_void=value == "yes")


ACCESS_REQUEST_SORTS = {"number": ("id",), "status": ("status",)}


class AccessRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": _("Customer number")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AccessRequest.Status.choices, empty_label=_("All")
    )

    class Meta:
        model = AccessRequest
        fields = []
        form = FilterForm

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            pk__in=AccessRequest.objects.filter(customers__number=value.strip().upper()).values(
                "pk"
            )
        )
