"""Forms of the report pages: the draft (title, commentary, conclusions, departments), the
submission's comment, an answer's tags and the tag filter of the free-text answers. Field
checks only; the rules (a draft only, the office only, complete before submitting) are the
services' (complaints.surveys.services.report), whose errors are put back on these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from core.forms import BootstrapFormMixin

TEXT_MAX = 10000


class ReportForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    commentary = forms.CharField(
        label=_("Commentary"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    conclusions = forms.CharField(
        label=_("Conclusions"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Distribute to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        queryset=Department.objects.filter(is_active=True).order_by("name"),
        help_text=_(
            "The heads of these departments receive the approved report and confirm its receipt."
        ),
    )


class SubmitForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment for the general manager"), required=False, max_length=1000
    )


class TagForm(BootstrapFormMixin, forms.Form):
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas; a new tag is created."),
    )


class TagFilterForm(forms.Form):
    tag = forms.CharField(label=_("Tag"), required=False, max_length=50)


class DistributeForm(BootstrapFormMixin, forms.Form):
    """More departments for an approved report: those it was not sent to yet."""

    departments = forms.ModelMultipleChoiceField(
        label=_("Send to more departments"),
        widget=forms.CheckboxSelectMultiple,
        queryset=Department.objects.none(),
    )

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["departments"].queryset = queryset
