"""Forms of the complaint pages: the intake (登记, also used to correct it) and one small form per
action of complaints.actions. Field and cross-field checks only, with messages naming the
field; the rules of §7 are the services' (their ValidationErrors are put back on these forms)."""

import datetime

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Department, User
from accounts.roles import PRODUCTION
from complaints.models import (
    CallbackResult,
    Channel,
    ComplaintCategory,
    ComplaintClass,
    FeedbackMethod,
    Urgency,
)
from core.forms import BootstrapFormMixin
from core.validators import validate_phone
from customers.models import GasAccount
from customers.selectors import customer_list

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# A complaint registered late (a letter) is dated back at most this far; referral due dates
# lie at most this far ahead. Beyond, the value is a typing error (and would strain the
# working-time arithmetic).
MAX_BACKDATE = datetime.timedelta(days=366)
TEXT_MAX = 5000
FILES_MAX = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); at most FILES_MAX."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        files = [single(item, initial) for item in files if item]
        if len(files) > FILES_MAX:
            raise forms.ValidationError(_("Attach at most %(count)s files at once.")
                                        % {"count": FILES_MAX})
        return files


def category_choices() -> list:
    """The active categories one may choose (the leaves), grouped under their top level."""
    groups, leaves = [], {}
    categories = list(ComplaintCategory.objects.filter(is_active=True)
                      .select_related("parent"))
    for item in categories:
        if item.parent_id:
            leaves.setdefault(item.parent_id, []).append((str(item.pk), item.name))
    for item in categories:
        if item.parent_id is None:
            groups.append((item.name, leaves.get(item.pk) or [(str(item.pk), item.name)]))
    return [("", "---------"), *groups]


class ComplaintForm(BootstrapFormMixin, forms.Form):
    """The intake of a complaint (§7.1), usable on a phone: who complains (a customer the
    receiver may see, by number, or a caller by name and phone), about what, how urgent."""

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    external_number = forms.CharField(label=_("12345 referral number"), max_length=40,
                                      required=False)
    external_due_on = forms.DateField(label=_("12345 due date"), required=False, widget=DATE)
    received_at = forms.DateTimeField(label=_("Received at"), widget=DATETIME,
                                      input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
                                                     "%Y-%m-%d %H:%M:%S"])
    receiving_department = forms.ModelChoiceField(label=_("Receiving department"),
                                                  queryset=Department.objects.none())
    customer_number = forms.CharField(
        label=_("Customer number"), max_length=20, required=False,
        help_text=_("A customer of the archive you may see; leave empty for a caller who is "
                    "not a customer yet."))
    account_number = forms.CharField(label=_("Account number"), max_length=30, required=False)
    caller_name = forms.CharField(label=_("Complainant's name"), max_length=100, required=False)
    caller_phone = forms.CharField(label=_("Complainant's phone"), max_length=30,
                                   required=False, validators=[validate_phone])
    caller_address = forms.CharField(label=_("Complainant's address"), max_length=200,
                                     required=False)
    category = forms.TypedChoiceField(label=pgettext_lazy("complaint", "Category"), coerce=int)
    complaint_class = forms.ChoiceField(label=_("Class (§7)"), choices=ComplaintClass.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices,
                                initial=Urgency.NORMAL)
    is_safety_hazard = forms.BooleanField(label=_("Safety hazard (gas smell, leak)"),
                                          required=False)
    text = forms.CharField(label=_("Complaint"), max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(label=_("Attachments"), required=False)

    HOTLINE = Channel.HOTLINE_12345  # the channel whose referral fields the page shows
    # The services' error keys, as the form's fields.
    SERVICE_FIELDS = {"customer": "customer_number", "account": "account_number",
                      "premises": "account_number", "file": "files"}

    def __init__(self, *args, user, editing: bool = False, keep_customer: bool = False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if keep_customer:
            # 第十一条: an editor who may not read the complaint's customer neither sees nor
            # changes it (the customer stays as registered).
            del self.fields["customer_number"], self.fields["account_number"]
        self.fields["category"].choices = category_choices()
        if "customer_number" in self.fields:
            self.fields["customer_number"].widget.attrs.update({
                "list": "customer-options", "autocomplete": "off",
                "hx-get": reverse("complaints:customer_suggest"),
                "hx-trigger": "input changed delay:300ms", "hx-target": "#customer-options"})
        departments = Department.objects.filter(pk=user.department_id) | \
            Department.objects.filter(head=user)
        self.fields["receiving_department"].queryset = departments.distinct().order_by("code")
        if editing:  # the receiving department and time stay as registered
            for name in ("receiving_department", "received_at", "files"):
                del self.fields[name]
        else:
            self.fields["received_at"].initial = timezone.localtime().replace(
                second=0, microsecond=0)
            self.fields["receiving_department"].initial = user.department_id

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        now = timezone.now()
        if value > now + datetime.timedelta(minutes=5):
            raise forms.ValidationError(_("The time received cannot be in the future."))
        if value < now - MAX_BACKDATE:
            raise forms.ValidationError(_("The time received lies more than a year back."))
        return value

    def clean_external_due_on(self):
        value = self.cleaned_data["external_due_on"]
        today = timezone.localdate()
        if value and not (today - MAX_BACKDATE <= value <= today + MAX_BACKDATE):
            raise forms.ValidationError(_("Give the due date of the referral, within a year."))
        return value

    def clean_customer_number(self):
        number = self.cleaned_data["customer_number"].strip().upper()
        if not number:
            return None
        customer = customer_list(user=self.user).filter(number=number).first()
        if customer is None:
            raise forms.ValidationError(_("No customer you may see has this number."))
        return customer

    def clean_category(self):
        category = ComplaintCategory.objects.filter(
            pk=self.cleaned_data["category"], is_active=True).select_related("parent").first()
        if category is None:
            raise forms.ValidationError(_("Choose a category of the list."))
        return category

    def clean(self):
        data = super().clean()
        if "customer_number" not in self.fields:
            return data
        customer, number = data.get("customer_number"), data.get("account_number", "").strip()
        if number:
            account = (GasAccount.objects.filter(customer=customer, number=number).first()
                       if customer else None)
            if account is None:
                self.add_error("account_number", _("Give an account of the chosen customer."))
            data["account"] = account
        if data.get("channel") == Channel.HOTLINE_12345:
            if not data.get("external_number", "").strip():
                self.add_error("external_number", _("Give the 12345 referral number."))
        elif data.get("external_number") or data.get("external_due_on"):
            self.add_error("external_number", _("A referral number and due date belong to a "
                                                "12345 referral only."))
        if customer is None and not data.get("caller_name", "").strip() \
                and "customer_number" not in self.errors:
            self.add_error("caller_name", _("Give the complainant's name (or the customer "
                                            "number)."))
        return data

    def intake_fields(self) -> dict:
        """The cleaned values as complaints.services takes them (EDITABLE_FIELDS)."""
        data = self.cleaned_data
        fields = {"channel": data["channel"], "external_number": data["external_number"].strip(),
                  "external_due_on": data["external_due_on"],
                  "caller_name": data["caller_name"].strip(),
                  "caller_phone": data["caller_phone"].strip(),
                  "caller_address": data["caller_address"].strip(),
                  "category": data["category"], "complaint_class": data["complaint_class"],
                  "text": data["text"].strip(), "urgency": data["urgency"],
                  "is_safety_hazard": data["is_safety_hazard"]}
        if "customer_number" in self.fields:
            fields.update(customer=data["customer_number"], account=data.get("account"),
                          premises=None)
        return fields

    @classmethod
    def initial_from(cls, complaint) -> dict:
        """The edit form's values: the complaint as registered."""
        return {"channel": complaint.channel, "external_number": complaint.external_number,
                "external_due_on": complaint.external_due_on,
                "customer_number": complaint.customer.number if complaint.customer_id else "",
                "account_number": complaint.account.number if complaint.account_id else "",
                "caller_name": complaint.caller_name, "caller_phone": complaint.caller_phone,
                "caller_address": complaint.caller_address, "category": complaint.category_id,
                "complaint_class": complaint.complaint_class, "urgency": complaint.urgency,
                "is_safety_hazard": complaint.is_safety_hazard, "text": complaint.text}


class AssignForm(BootstrapFormMixin, forms.Form):
    """The handler (a member of the receiving department) and, for a quality complaint, the
    production co-handler (§7.2)."""

    handler = forms.ModelChoiceField(label=_("Handler"), queryset=User.objects.none())
    co_handler = forms.ModelChoiceField(label=_("Co-handler (production)"), required=False,
                                        queryset=User.objects.none())

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        department = complaint.receiving_department
        self.fields["handler"].queryset = (
            User.objects.filter(is_active=True, department=department)
            | User.objects.filter(is_active=True, pk=department.head_id)).distinct() \
            .order_by("username")
        self.fields["co_handler"].queryset = User.objects.filter(
            is_active=True, groups__name=PRODUCTION).distinct().order_by("username")
        self.initial.setdefault("handler", complaint.handler_id)
        self.initial.setdefault("co_handler", complaint.co_handler_id)
        if complaint.is_quality:
            self.fields["co_handler"].required = True


class NoteForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class CoHandlingForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("Production's findings and measures"), max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ResultForm(BootstrapFormMixin, forms.Form):
    cause = forms.CharField(label=_("Cause"), max_length=TEXT_MAX, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    measures = forms.CharField(label=_("Measures taken"), max_length=TEXT_MAX, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    result = forms.CharField(label=_("Handling result"), max_length=TEXT_MAX, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    cost = forms.DecimalField(label=_("Cost (CNY)"), required=False, min_value=0,
                              max_digits=12, decimal_places=2)

    @classmethod
    def initial_from(cls, complaint) -> dict:
        return {name: getattr(complaint, name) for name in cls.base_fields}


class SubmitForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label=_("Comment for the general manager"), max_length=2000,
                              required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FeedbackForm(BootstrapFormMixin, forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=FeedbackMethod.choices)
    given_on = forms.DateField(label=_("Date"), widget=DATE)
    content = forms.CharField(label=_("What was said"), max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))
    customer_reply = forms.CharField(label=_("Complainant's reply"), max_length=TEXT_MAX,
                                     required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()

    def clean_given_on(self):
        value = self.cleaned_data["given_on"]
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(_("The feedback date cannot be in the future."))
        if value < today - MAX_BACKDATE:
            raise forms.ValidationError(_("The feedback date lies more than a year back."))
        return value


class CallbackForm(BootstrapFormMixin, forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=CallbackResult.choices)
    comment = forms.CharField(label=_("Comment"), max_length=TEXT_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class LinkIncidentForm(BootstrapFormMixin, forms.Form):
    incident = forms.ModelChoiceField(label=_("Incident"), queryset=None)

    def __init__(self, *args, incidents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = incidents
