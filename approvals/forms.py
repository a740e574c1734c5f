"""Forms of the approval pages: a decision, the inbox filters, a delegation."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from approvals.models import ApprovalRoute, Delegation
from core.forms import BootstrapFormMixin


class DecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"),
                                 choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Give the reason for the rejection."))
        return cleaned

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class InboxFilterForm(BootstrapFormMixin, forms.Form):
    type = forms.ModelChoiceField(label=_("Type"), required=False, queryset=ContentType.objects
                                  .none(), empty_label=_("All types"))
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = ContentType.objects.filter(
            pk__in=ApprovalRoute.objects.values("target_id")).order_by("model")
        self.fields["type"].label_from_instance = lambda ct: str(
            ct.model_class()._meta.verbose_name) if ct.model_class() else ct.model


class DelegationForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Delegation
        fields = ["delegate", "starts_on", "ends_on", "reason"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}),
                   "ends_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, delegator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.delegator = delegator
        self.fields["delegate"].queryset = (get_user_model().objects.filter(is_active=True)
                                            .exclude(pk=delegator.pk).order_by("username"))
