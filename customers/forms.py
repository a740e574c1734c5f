"""Forms of the customer archive: field and cross-field checks only; saving is in services."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.roles import STAFF
from core.forms import BootstrapFormMixin
from customers.models import (
    AccessRequest,
    Alarm,
    Appliance,
    Category,
    Contact,
    Customer,
    GasDeliveryNotice,
    GasUseClass,
    Meter,
    MeterChange,
    Premises,
    TransactionRecord,
    Visit,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _active_users():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class CustomerForm(BootstrapFormMixin, forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Customer
        fields = ["category", "low_income", "name", "id_type", "id_number",
                  "legal_representative", "industry", "website", "invoice_title", "tax_number",
                  "credit_rating", "credit_note", "sales_rep", "custodian", "notes"]
        widgets = {"credit_note": forms.Textarea(attrs={"rows": 2}),
                   "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sales_rep"].queryset = _active_users().filter(groups__name=STAFF)
        self.fields["custodian"].queryset = _active_users()

    def clean(self):
        cleaned = super().clean()
        category, id_type = cleaned.get("category"), cleaned.get("id_type")
        if category == Category.RESIDENTIAL and id_type == "uscc":
            self.add_error("id_type", _("A residential customer is identified by a personal "
                                        "document, not a credit code."))
        if category and category != Category.RESIDENTIAL and id_type == "resident_id" \
                and not cleaned.get("legal_representative"):
            self.add_error("legal_representative", _("An organisation identified by a person's "
                                                     "ID card needs its legal representative."))
        return cleaned


class ContactForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "mobile", "landline", "email", "is_primary", "is_active"]


class FirstContactForm(BootstrapFormMixin, forms.ModelForm):
    """The first contact entered with a new customer (required for organisations, 第五条)."""

    prefix = "contact"

    class Meta:
        model = Contact
        fields = ["name", "position", "mobile", "landline", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def has_content(self) -> bool:
        return any(self.cleaned_data.get(name) for name in ("name", "mobile", "landline"))


class CustomerFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={
        "placeholder": _("Number, name, phone, ID number, account number or address")}))
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All"))] + list(Category.choices))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(Customer.Status.choices))
    archive_state = forms.ChoiceField(
        label=_("Archive confirmation"), required=False,
        choices=[("", _("All"))] + list(Customer.ArchiveState.choices))
    district = forms.CharField(label=_("District"), required=False)
    custodian = forms.ModelChoiceField(label=_("Custodian"), required=False,
                                       queryset=get_user_model().objects.none())
    incomplete = forms.BooleanField(label=_("Incomplete accounts"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["custodian"].queryset = _active_users()


class PremisesForm(BootstrapFormMixin, forms.ModelForm):
    prefix = "premises"

    class Meta:
        model = Premises
        fields = ["district", "street", "community", "building", "unit", "floor", "room",
                  "detail"]


class AccountOpenForm(BootstrapFormMixin, forms.Form):
    """开户: premises (existing or new), the delivery notice and the gas-use class."""

    premises = forms.ModelChoiceField(label=_("Premises"), required=False,
                                      queryset=Premises.objects.none(),
                                      help_text=_("Or enter new premises below."))
    notice = forms.ModelChoiceField(label=_("Gas delivery notice"), required=False,
                                    queryset=GasDeliveryNotice.objects.none())
    use_class = forms.ModelChoiceField(label=_("Gas-use class"), required=False,
                                       queryset=GasUseClass.objects.none())
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only notices (and their premises) not yet used by an account: a short list even with
        # a million accounts in the archive.
        self.fields["premises"].queryset = Premises.objects.filter(
            delivery_notices__is_void=False, delivery_notices__accounts__isnull=True,
        ).distinct().order_by("district", "community")
        self.fields["notice"].queryset = GasDeliveryNotice.objects.filter(
            is_void=False, accounts__isnull=True).select_related("premises")
        self.fields["use_class"].queryset = GasUseClass.objects.filter(is_active=True)


class MeterForm(BootstrapFormMixin, forms.ModelForm):
    prefix = "meter"

    class Meta:
        model = Meter
        fields = ["number", "body_number", "kind", "spec", "manufacturer", "model", "inlet",
                  "initial_reading", "seal_number", "installed_on", "produced_on",
                  "verified_on", "digits", "location", "has_corrector"]
        widgets = {"installed_on": DATE, "produced_on": DATE, "verified_on": DATE}


class OptionalMeterForm(MeterForm):
    """The meter on the account-opening page: empty is allowed (entered later)."""

    REQUIRED_WITH_NUMBER = ("kind", "spec", "installed_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def has_content(self) -> bool:
        return bool(self.cleaned_data.get("number"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("number"):
            for name in self.REQUIRED_WITH_NUMBER:
                if not cleaned.get(name):
                    self.add_error(name, _("Required when the meter number is given."))
            if cleaned.get("initial_reading") is None:
                cleaned["initial_reading"] = 0
        return cleaned

    def _post_clean(self):
        # Without a meter number nothing is saved: skip the model's own validation.
        if self.cleaned_data.get("number"):
            super()._post_clean()


class MeterChangeForm(MeterForm):
    prefix = "change"
    old_final_reading = forms.DecimalField(label=_("Old meter final reading (m³)"),
                                           max_digits=12, decimal_places=3)
    reason = forms.ChoiceField(label=_("Reason"), choices=MeterChange.Reason.choices)


class ApplianceForm(BootstrapFormMixin, forms.ModelForm):
    """Quantity and service life fall back to 1 and 8 years when left empty."""

    DEFAULTS = {"quantity": 1, "service_life_years": 8}

    class Meta:
        model = Appliance
        fields = ["kind", "brand", "model", "quantity", "power_kw", "flame_out_protection",
                  "exhaust", "location", "purchased_on", "installed_on", "service_life_years",
                  "hose_type"]
        widgets = {"purchased_on": DATE, "installed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.DEFAULTS:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name, default in self.DEFAULTS.items():
            if cleaned.get(name) in (None, ""):
                cleaned[name] = default
                setattr(self.instance, name, default)
        return cleaned


class AlarmForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Alarm
        fields = ["brand", "model", "serial_number", "gas", "location", "installed_on",
                  "replace_due_on", "valve_brand", "valve_model", "valve_size", "networked"]
        widgets = {"installed_on": DATE, "replace_due_on": DATE}


class TransferForm(BootstrapFormMixin, forms.Form):
    to_number = forms.CharField(label=_("New customer's number"), max_length=20)
    # The reason goes into the history row's change reason (100 characters) after a prefix.
    reason = forms.CharField(label=_("Reason"), max_length=80)


class TransactionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = TransactionRecord
        fields = ["date", "kind", "amount", "reference"]
        widgets = {"date": DATE}


class VisitForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["kind", "planned_on", "done_on", "notes", "feedback"]
        widgets = {"planned_on": DATE, "done_on": DATE,
                   "notes": forms.Textarea(attrs={"rows": 2}),
                   "feedback": forms.Textarea(attrs={"rows": 2})}


class NoticeForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = GasDeliveryNotice
        fields = ["issued_on", "accepted_on", "notes"]
        widgets = {"issued_on": DATE, "accepted_on": DATE,
                   "notes": forms.Textarea(attrs={"rows": 2})}


class AccessRequestForm(BootstrapFormMixin, forms.ModelForm):
    customer_numbers = forms.CharField(
        label=_("Customer numbers"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or more customer numbers, separated by spaces, commas or new lines."))

    class Meta:
        model = AccessRequest
        fields = ["purpose", "scope", "days"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def clean_customer_numbers(self):
        import re

        numbers = [n for n in re.split(r"[\s,，;；]+", self.cleaned_data["customer_numbers"]) if n]
        customers = list(Customer.objects.filter(number__in=numbers))
        unknown = sorted(set(numbers) - {customer.number for customer in customers})
        if unknown:
            raise forms.ValidationError(_("Unknown customer numbers: %(numbers)s")
                                        % {"numbers": "、".join(unknown)})
        if not customers:
            raise forms.ValidationError(_("Give at least one customer number."))
        return customers

    def clean_days(self):
        days = self.cleaned_data["days"]
        if not 1 <= days <= AccessRequest.MAX_DAYS:
            raise forms.ValidationError(_("Access is granted for 1 to %(max)s days.")
                                        % {"max": AccessRequest.MAX_DAYS})
        return days
