"""The confirmation steps of the customer archive's state changes (issue 13, point 7), the
correction of an account's entries and the requests for a delivery notice (point 8):
core.forms.ConfirmForm with each action's own fields. What ends something needs a reason,
kept in the history by the service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, ConfirmForm
from customers.forms import DATE
from customers.models import DeliveryNoticeRequest, GasDeliveryNotice


class ConfirmOnlyForm(ConfirmForm):
    """A change that ends nothing (make active, first ignition, resume): the tick only."""

    reason_required = None


class ReasonConfirmForm(ConfirmForm):
    """A change that ends something (close, reopen, suspend, remove, void): the reason too."""

    reason_required = True


class ResumeConfirmForm(ConfirmForm):
    reason_required = False


class NoticeRequestForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = DeliveryNoticeRequest
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class NoticeIssueConfirmForm(ConfirmForm):
    """规划建设部 issues the notice a request asks for."""

    reason_required = None
    issued_on = forms.DateField(label=GasDeliveryNotice._meta.get_field("issued_on").verbose_name,
                                widget=DATE)
    accepted_on = forms.DateField(
        label=GasDeliveryNotice._meta.get_field("accepted_on").verbose_name, required=False,
        widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("issued_on", "accepted_on", "notes"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")
