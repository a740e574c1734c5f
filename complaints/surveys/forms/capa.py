"""Forms of the corrective/preventive actions: one per action of
complaints.surveys.actions.capa that takes input, the office's form to open an action from a
complaint trend, and the list's filters (django-filter). Validation only; the services save
(and enforce the rules again)."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Department, User
from complaints.models import ComplaintCategory
from complaints.surveys.models import CorrectiveAction
from complaints.surveys.selectors.capa import action_list, complaints_for_linking
from core.forms import BootstrapFormMixin

TEXT_MAX = 5000
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORTLIST = 50
ID_DIGITS = 18  # a bigint holds 19 digits


def _text(label, *, required=True, rows=3):
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class AssignForm(BootstrapFormMixin, forms.Form):
    problem = _text(_("Problem"))
    root_cause = _text(_("Root-cause analysis"), required=False)
    kind = forms.ChoiceField(label=_("Action type"), choices=CorrectiveAction.Kind.choices)
    measures = _text(_("Measures"))
    owner_department = forms.ModelChoiceField(
        label=_("Owner department"), queryset=Department.objects.order_by("code")
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.filter(is_active=True).order_by("username")
    )
    due_on = forms.DateField(label=pgettext_lazy("action", "Due on"), widget=DATE)

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        if action is not None:
            self.initial.update(
                {
                    "problem": action.problem,
                    "root_cause": action.root_cause,
                    "kind": action.kind,
                    "measures": action.measures,
                    "owner_department": action.owner_department_id,
                    "owner": action.owner_id,
                    "due_on": action.due_on or timezone.localdate() + timezone.timedelta(days=30),
                }
            )

    def clean(self):
        data = super().clean()
        department, owner = data.get("owner_department"), data.get("owner")
        if (
            department
            and owner
            and not (owner.department_id == department.pk or department.head_id == owner.pk)
        ):
            self.add_error("owner", _("The owner must belong to the owner department or head it."))
        return data


class NoteForm(BootstrapFormMixin, forms.Form):
    """What was done (complete), the verification (verify) or the reason (send back)."""

    note = _text(_("Note"))

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["note"].label = label


class ConfirmedNoteForm(NoteForm):
    """A step that ends something (sending the work back) is confirmed."""

    confirm = forms.BooleanField(label=_("I confirm"))


class CheckForm(BootstrapFormMixin, forms.Form):
    """The office's effectiveness check of an action opened by hand."""

    effective = forms.TypedChoiceField(
        label=_("Effective?"),
        coerce=lambda value: value == "yes",
        choices=[
            ("yes", _("Effective: close the action")),
            ("no", _("Not effective: back to the owner")),
        ],
        widget=forms.RadioSelect,
    )
    note = _text(_("Effectiveness check"))
    confirm = forms.BooleanField(label=_("I confirm"))


class TrendForm(BootstrapFormMixin, forms.Form):
    """The complaints shortlisted for linking (GET): a category and a period."""

    category = forms.ModelChoiceField(
        label=_("Complaint category"),
        required=False,
        queryset=ComplaintCategory.objects.select_related("parent").order_by(
            "parent__ordering", "ordering", "code"
        ),
    )
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DATE)
    received_to = forms.DateField(label=_("Received to"), required=False, widget=DATE)


class IdsField(forms.ModelMultipleChoiceField):
    """Ids beyond a database integer are refused as invalid choices before the query (SQLite
    raises OverflowError on them in an IN list)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            text = str(pk)
            if not (text.isascii() and text.isdigit() and len(text) <= ID_DIGITS):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super()._check_values(value)


class OpenForm(BootstrapFormMixin, forms.Form):
    """The office opens an action by hand, linking complaints it sees (any it sees is
    accepted; the checkboxes offer the trend's shortlist and those already chosen). Coming
    from a trend (a category or a period), its shortlist starts ticked."""

    problem = _text(_("Problem"))
    kind = forms.ChoiceField(label=_("Action type"), choices=CorrectiveAction.Kind.choices)
    complaints = IdsField(
        label=_("Complaints"), required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, trend: dict | None = None, chosen=(), **kwargs):
        super().__init__(*args, **kwargs)
        visible = complaints_for_linking(user=user)
        field = self.fields["complaints"]
        field.queryset = visible
        trend = trend or {}
        shortlist = list(
            visible.filter(
                **{
                    key: value
                    for key, value in (
                        ("category", trend.get("category")),
                        ("received_at__date__gte", trend.get("received_from")),
                        ("received_at__date__lte", trend.get("received_to")),
                    )
                    if value
                }
            )[:SHORTLIST]
        )
        ids = {c.pk for c in shortlist}
        extra = [c for c in visible.filter(pk__in=[pk for pk in chosen if pk not in ids])]
        field.widget.choices = [
            (c.pk, f"{c.number} · {c.category} · {timezone.localtime(c.received_at):%Y-%m-%d}")
            for c in (*extra, *shortlist)
        ]
        if not self.is_bound and any(trend.values()):
            self.initial["complaints"] = [c.pk for c in (*extra, *shortlist)]
        elif chosen and not self.is_bound:
            self.initial["complaints"] = [c.pk for c in extra] + [pk for pk in chosen if pk in ids]


def _no_op(queryset, name, value):
    return queryset  # the values are applied together, by action_list


OVERDUE_CHOICES = [("yes", _("Overdue")), ("no", _("Not overdue"))]
MINE_CHOICES = [("yes", _("Mine"))]


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


class ActionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CorrectiveAction.Status.choices, method=_no_op
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Owner department"), method=_no_op, queryset=Department.objects.order_by("code")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=OVERDUE_CHOICES, method=_no_op
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=CorrectiveAction.Source.choices, method=_no_op
    )
    mine = django_filters.ChoiceFilter(
        label=_("Owner"), choices=MINE_CHOICES, method=_no_op, empty_label=_("Anyone")
    )

    class Meta:
        model = CorrectiveAction
        fields = []
        form = FilterForm

    def __init__(self, data=None, *, request, **kwargs):
        super().__init__(data, queryset=CorrectiveAction.objects.none(), request=request, **kwargs)

    def filter_queryset(self, queryset):
        """The valid filters, given to action_list (an invalid one is left out: the form
        shows its error); overdue first, then the newest."""
        data = self.form.cleaned_data
        return action_list(
            user=self.request.user,
            status=data.get("status") or None,
            department=data.get("department"),
            source=data.get("source") or None,
            overdue={"yes": True, "no": False}.get(data.get("overdue") or ""),
            mine=data.get("mine") == "yes",
        ).order_by("-created_at", "-id")
