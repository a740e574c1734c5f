"""The confirmation steps of the contract actions that change its state (issue 13, point 7):
core.forms.ConfirmForm with each action's own fields. Ending a contract (void, terminate)
needs a reason, kept in its history by the service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ConfirmForm


class SignConfirmForm(ConfirmForm):
    """The signing, with a required field for each clause value still blank (issue 13: a
    contract approved before the drafting form asked for them is completed here, never a
    value already given changed)."""

    reason_required = None
    signatories = forms.CharField(label=_("Signatories of both parties"), max_length=200,
                                  required=False)

    def __init__(self, *args, blank_fields=(), **kwargs):
        from contracts.models import Contract

        super().__init__(*args, **kwargs)
        confirm = self.fields.pop("confirm")
        for name in blank_fields:
            field = Contract._meta.get_field(name).formfield(required=True)
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date", "class": "form-control"},
                                               format="%Y-%m-%d")
            else:
                field.widget.attrs["class"] = "form-control"
            self.fields[name] = field
        self.fields["confirm"] = confirm
        self.blank_fields = tuple(blank_fields)

    def clean(self):
        cleaned = super().clean()
        works_from, works_to = cleaned.get("works_from"), cleaned.get("works_to")
        if works_from and works_to and works_to < works_from:
            self.add_error("works_to", _("The construction period ends before it starts."))
        return cleaned


class VoidConfirmForm(ConfirmForm):
    reason_required = True
    reason_label = _("Reason for voiding")


class TerminateConfirmForm(ConfirmForm):
    reason_required = True
    reason_label = _("Reason for termination")


class CompleteConfirmForm(ConfirmForm):
    reason_required = None


class HandoverConfirmForm(ConfirmForm):
    reason_required = None
    notes = forms.CharField(label=_("Notes"), required=False, max_length=500,
                            widget=forms.Textarea(attrs={"rows": 2}))


class ReceiveConfirmForm(ConfirmForm):
    reason_required = None
    location = forms.CharField(label=_("Archive location"), max_length=100)
