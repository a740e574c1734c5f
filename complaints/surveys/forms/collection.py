"""Forms of the collection (issue 12, parts 1–3): the campaign's plan, the respondents'
filter and outcomes, the entry by respondent code, the answers (one field per question, built
from the questionnaire) and the telephone details. Validation only: the services save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from accounts.roles import OFFICE
from complaints.surveys.models import Campaign, Question, Questionnaire, Respondent
from core.forms import BootstrapFormMixin
from customers.models import Category


class CampaignForm(BootstrapFormMixin, forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("Customer categories"), required=False,
        choices=[(value, label) for value, label in Category.choices
                 if value != Category.UPSTREAM],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every category but upstream suppliers."))

    class Meta:
        model = Campaign
        fields = ["title", "year", "questionnaire", "is_census", "confidence", "margin",
                  "stratify_by_district", "categories", "collection_ends_on", "token_valid_days"]
        widgets = {"collection_ends_on": forms.DateInput(attrs={"type": "date"}),
                   "confidence": forms.NumberInput(attrs={"step": "0.01"}),
                   "margin": forms.NumberInput(attrs={"step": "0.01"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = Questionnaire.objects.order_by("code", "-version")
        self.fields["categories"].widget.attrs["class"] = ""
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2000 and 2100."))
        return year


class RespondentFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *Respondent.Status.choices])
    q = forms.CharField(label=_("Code, customer number or name"), required=False,
                        max_length=40)


class OutcomeNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class CodeForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Respondent code"), max_length=30,
        help_text=_("As printed on the questionnaire (or scanned from its QR code)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "autofocus": True}))


class CallForm(BootstrapFormMixin, forms.Form):
    """Who called the customer and when (telephone interviews)."""

    called_by = forms.ModelChoiceField(label=_("Called by"), queryset=None, required=False,
                                       help_text=_("Yourself when left empty."))
    called_at = forms.DateTimeField(
        label=_("Called at"), required=False, help_text=_("Now when left empty."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["called_by"].queryset = (
            User.objects.with_role(OFFICE).filter(is_active=True).order_by("username"))

    def clean_called_at(self):
        called_at = self.cleaned_data["called_at"]
        if called_at and called_at > timezone.now():
            raise forms.ValidationError(_("The call cannot be in the future."))
        return called_at


class AnswersForm(forms.Form):
    """One field per question of the questionnaire, named "q<id>"; `answers()` gives the
    {question id: value} that complaints.surveys.services.collection checks and stores."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = _field(question)

    def answers(self) -> dict:
        return {question.pk: self.cleaned_data.get(f"q{question.pk}")
                for question in self.questions}

    def sections(self) -> list[dict]:
        """The bound fields grouped by section, in order (for the templates)."""
        groups: list[dict] = []
        for question in self.questions:
            if not groups or groups[-1]["section"].pk != question.section_id:
                groups.append({"section": question.section, "fields": []})
            groups[-1]["fields"].append(self[f"q{question.pk}"])
        return groups


def _field(question: Question) -> forms.Field:
    # Required-ness is the service's check (its message names the question): the paper form
    # may come back with a blank, which the office enters as such only when allowed.
    common = {"label": question.text, "required": False}
    kind = Question.Kind
    if question.kind == kind.RATING:
        return forms.TypedChoiceField(
            choices=[(value, str(value)) for value in range(1, 6)], coerce=int,
            empty_value=None, widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            **common)
    if question.kind == kind.TEXT:
        return forms.CharField(max_length=2000, widget=forms.Textarea(
            attrs={"rows": 3, "class": "form-control"}), **common)
    choices = [(choice.pk, choice.label) for choice in question.choices.all()]
    if question.kind == kind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple(
                attrs={"class": "form-check-input"}), **common)
    return forms.TypedChoiceField(choices=choices, coerce=int, empty_value=None,
                                  widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                                  **common)


class QuestionnaireForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(label=_("Introduction"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))


class QuestionForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    is_required = forms.BooleanField(label=pgettext_lazy("question", "Required"), required=False)
