"""The confirmation steps of the contract actions that change its state (issue 13, point 7):
core.forms.ConfirmForm with each action's own fields. Ending a contract (void, terminate)
needs a reason, kept in its history by the service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ConfirmForm


class SignConfirmForm(ConfirmForm):
    reason_required = None
    signatories = forms.CharField(label=_("Signatories of both parties"), max_length=200,
                                  required=False)


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
