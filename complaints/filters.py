"""The complaint list's filters (django-filter): the form validates the query string, and the
valid values go to the one permission-scoped read, complaints.selectors.complaint_list, so the
list never shows a complaint the user may not open. Sorting is a whitelist; safety hazards come
first whatever the sort."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Department
from complaints.models import Channel, Complaint, ComplaintCategory, ComplaintClass, Urgency
from complaints.selectors import complaint_list
from core.forms import BootstrapFormMixin

# The sort key of the URL → the ordering after the safety hazards.
SORTS = {
    "-received": ("-received_at", "-id"),
    "received": ("received_at", "id"),
    "-number": ("-number",),
    "number": ("number",),
    "due": ("resolution_due", "-id"),
    "-due": ("-resolution_due", "-id"),
}
SORT_CHOICES = [
    ("-received", _("Newest first")), ("received", _("Oldest first")),
    ("-number", _("Number, descending")), ("number", _("Number, ascending")),
    ("due", _("Due soonest")), ("-due", _("Due latest")),
]
OVERDUE_CHOICES = [("", _("Any")), ("yes", _("Overdue")), ("no", _("Not overdue"))]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


def _no_op(queryset, name, value):
    return queryset  # the values are applied together, by complaint_list


class ComplaintFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Number, name or phone"), method=_no_op,
                                  max_length=100)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Complaint.Status.choices,
                                         method=_no_op)
    complaint_class = django_filters.ChoiceFilter(label=_("Class"),
                                                  choices=ComplaintClass.choices, method=_no_op)
    category = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("complaint", "Category"), method=_no_op,
        queryset=ComplaintCategory.objects.select_related("parent").order_by(
            "parent__ordering", "ordering", "code"))
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices,
                                          method=_no_op)
    department = django_filters.ModelChoiceFilter(label=_("Department"), method=_no_op,
                                                  queryset=Department.objects.order_by("code"))
    urgency = django_filters.ChoiceFilter(label=_("Urgency"), choices=Urgency.choices,
                                          method=_no_op)
    overdue = django_filters.ChoiceFilter(label=_("Overdue"), choices=OVERDUE_CHOICES[1:],
                                          method=_no_op)
    mine = django_filters.ChoiceFilter(label=_("Handler"), method=_no_op,
                                       choices=[("yes", _("Handled by me"))],
                                       empty_label=_("Anyone"))
    received_from = django_filters.DateFilter(label=_("Received from"), method=_no_op,
                                              widget=DATE)
    received_to = django_filters.DateFilter(label=_("Received to"), method=_no_op, widget=DATE)
    sort = django_filters.ChoiceFilter(label=_("Sort"), choices=SORT_CHOICES, method=_no_op,
                                       empty_label=None)

    class Meta:
        model = Complaint
        fields = []
        form = FilterForm

    def __init__(self, data=None, *, request, **kwargs):
        super().__init__(data, queryset=Complaint.objects.none(), request=request, **kwargs)

    def filter_queryset(self, queryset):
        """The valid filters, given to complaint_list; an invalid one is left out (the form
        shows its error)."""
        data = self.form.cleaned_data
        overdue = {"yes": True, "no": False}.get(data.get("overdue") or "")
        complaints = complaint_list(
            user=self.request.user, status=data.get("status") or None,
            complaint_class=data.get("complaint_class") or None,
            category=data.get("category"), channel=data.get("channel") or None,
            department=data.get("department"), urgency=data.get("urgency") or None,
            overdue=overdue, received_from=data.get("received_from"),
            received_to=data.get("received_to"), search=data.get("q") or "",
            handler=self.request.user if data.get("mine") == "yes" else None)
        return complaints.order_by("-is_safety_hazard", *SORTS.get(data.get("sort") or "",
                                                                    SORTS["-received"]))
