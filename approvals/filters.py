"""The 已办 list's filters (django-filter) and sort keys: they narrow the user's own decisions
(approvals.selectors.decisions_by), never anyone else's."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from approvals.models import ApprovalRoute, Decision
from core.forms import BootstrapFormMixin

SORTS = {
    "decided": ("decided_at",),
    "number": ("step__request__number",),
    "outcome": ("outcome",),
}
DEFAULT_SORT = "-decided"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


def _types(request):
    return ContentType.objects.filter(pk__in=ApprovalRoute.objects.values("target_id")).order_by(
        "model"
    )


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Number, subject or customer name")}),
    )
    type = django_filters.ModelChoiceFilter(
        label=_("Type"),
        queryset=_types,
        field_name="step__request__content_type",
        empty_label=_("All types"),
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Decision"), choices=Decision.Outcome.choices, empty_label=_("All")
    )
    decided_from = django_filters.DateFilter(
        label=_("Decided from"), field_name="decided_at", lookup_expr="date__gte", widget=DATE
    )
    decided_to = django_filters.DateFilter(
        label=_("Decided to"), field_name="decided_at", lookup_expr="date__lte", widget=DATE
    )

    class Meta:
        model = Decision
        fields = []
        form = FilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["type"].label_from_instance = lambda ct: (
            str(ct.model_class()._meta.verbose_name) if ct.model_class() else ct.model
        )

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(step__request__number__icontains=value)
            | Q(step__request__title__icontains=value)
            | Q(step__request__customer__icontains=value)
        )
