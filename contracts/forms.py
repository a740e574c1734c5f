"""Drafting forms. The amount is never a field (第六条): it is computed from the price lines or
the issued budget, so a forged `amount` in a POST is simply not read."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract, ContractType, PriceStandard
from core.forms import BootstrapFormMixin
from customers.models import Customer

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContractForm(BootstrapFormMixin, forms.ModelForm):
    customer_number = forms.CharField(label=_("Customer number"), max_length=20)
    budget_number = forms.CharField(
        label=_("Budget number"), max_length=20, required=False,
        help_text=_("For a non-standard job: the budget issued by the budget department "
                    "(its total becomes the amount)."))
    notice_number = forms.CharField(
        label=_("Delivery notice number"), max_length=20, required=False,
        help_text=_("For a supply contract: the gas delivery notice of the premises (第七条)."))

    class Meta:
        model = Contract
        fields = ["contract_type", "title", "contract_date", "starts_on", "ends_on",
                  "payment_method", "construction_period_required", "ownership_dispute"]
        widgets = {"contract_date": DATE, "starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["contract_type"].queryset = ContractType.objects.filter(is_active=True)

    def clean_notice_number(self):
        return _notice(self.cleaned_data["notice_number"])

    def clean_budget_number(self):
        from contracts.models import BudgetEstimate

        number = self.cleaned_data["budget_number"].strip().upper()
        if not number:
            return None
        budget = BudgetEstimate.objects.filter(number=number, is_issued=True).first()
        if budget is None:
            raise forms.ValidationError(_("No issued budget has this number."))
        return budget

    def clean_customer_number(self):
        from contracts.selectors import draftable_customers

        number = self.cleaned_data["customer_number"].strip().upper()
        contract_type = self.cleaned_data.get("contract_type")  # cleaned first (Meta fields)
        customer = draftable_customers(user=self.user, contract_type=contract_type).filter(
            number=number).first()
        if customer is None:
            if contract_type is not None and contract_type.kind == "take_or_pay":
                raise forms.ValidationError(_(
                    "No customer eligible for take-or-pay has this number: upstream suppliers, "
                    "industrial and large commercial users only (第九条)."))
            raise forms.ValidationError(_("No customer you may see has this number."))
        return customer


class PriceLineForm(BootstrapFormMixin, forms.Form):
    standard = forms.ModelChoiceField(label=_("Price standard item"), required=False,
                                      queryset=PriceStandard.objects.none())
    quantity = forms.DecimalField(label=_("Quantity"), required=False, min_value=0,
                                  max_digits=12, decimal_places=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = PriceStandard.objects.filter(effective_to__isnull=True)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("standard") and not cleaned.get("quantity"):
            self.add_error("quantity", _("Give the quantity."))
        return cleaned


class InstallmentForm(BootstrapFormMixin, forms.Form):
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)
    amount = forms.DecimalField(label=_("Amount (CNY)"), required=False, min_value=0,
                                max_digits=14, decimal_places=2)
    milestone = forms.CharField(label=_("Milestone"), required=False, max_length=200)


class StepForm(BootstrapFormMixin, forms.Form):
    description = forms.CharField(label=_("Installation step"), required=False, max_length=200)
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DATE)


PriceLineFormSet = forms.formset_factory(PriceLineForm, extra=3, max_num=10)
InstallmentFormSet = forms.formset_factory(InstallmentForm, extra=4, max_num=24)
StepFormSet = forms.formset_factory(StepForm, extra=4, max_num=20)


class PaymentForm(BootstrapFormMixin, forms.Form):
    installment = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.DecimalField(label=_("Amount received (CNY)"), min_value=0.01,
                                max_digits=14, decimal_places=2)


class ContractEditForm(BootstrapFormMixin, forms.ModelForm):
    notice_number = forms.CharField(
        label=_("Delivery notice number"), max_length=20, required=False,
        help_text=_("For a supply contract: the gas delivery notice of the premises (第七条)."))

    class Meta:
        model = Contract
        fields = ["title", "contract_date", "starts_on", "ends_on",
                  "construction_period_required", "ownership_dispute"]
        widgets = {"contract_date": DATE, "starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        notice = (self.instance.premises.delivery_notices.filter(is_void=False).first()
                  if self.instance.premises_id else None)
        if notice and not self.is_bound:
            self.initial["notice_number"] = notice.number

    def clean_notice_number(self):
        return _notice(self.cleaned_data["notice_number"])


def _notice(number: str):
    """The valid delivery notice with this number, or None when empty (a lookup by number:
    the page never lists every premises of the city)."""
    from customers.models import GasDeliveryNotice

    number = (number or "").strip().upper()
    if not number:
        return None
    notice = GasDeliveryNotice.objects.filter(number=number, is_void=False).select_related(
        "premises").first()
    if notice is None:
        raise forms.ValidationError(_("No valid delivery notice has this number."))
    return notice


class EstimateForm(BootstrapFormMixin, forms.Form):
    days = forms.IntegerField(label=_("Estimated construction days"), min_value=1)


class MarketDataForm(BootstrapFormMixin, forms.ModelForm):
    monthly_plan = forms.CharField(
        label=_("Monthly plan (m³)"), required=False,
        help_text=_("Twelve monthly quantities, January to December, separated by commas."))

    class Meta:
        model = Contract
        fields = ["annual_quantity", "monthly_plan", "daily_max", "daily_min", "max_hourly_flow",
                  "pressure_mpa", "delivery_point"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.monthly_plan if self.instance and self.instance.pk else []
        if plan and not self.is_bound:
            self.initial["monthly_plan"] = ", ".join(str(value) for value in plan)

    def clean_monthly_plan(self):
        import re
        from decimal import Decimal, InvalidOperation

        text = self.cleaned_data["monthly_plan"].strip()
        if not text:
            return []
        parts = [part for part in re.split(r"[\s,，;；]+", text) if part]
        try:
            values = [int(Decimal(part)) for part in parts]
        except (InvalidOperation, ValueError, OverflowError):  # also NaN and ±Infinity
            raise forms.ValidationError(_("Write twelve numbers.")) from None
        if len(values) != 12 or any(value < 0 for value in values):
            raise forms.ValidationError(_("Write twelve numbers, one per month."))
        return values

    def clean(self):
        cleaned = super().clean()
        plan, annual = cleaned.get("monthly_plan"), cleaned.get("annual_quantity")
        if plan and annual is not None and sum(plan) != annual:
            self.add_error("monthly_plan", _("The monthly plan adds up to %(total)s, not to the "
                                             "annual quantity %(annual)s.")
                           % {"total": sum(plan), "annual": annual})
        return cleaned


class FinanceDataForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Contract
        fields = ["gas_price", "take_or_pay_percent", "price_adjustment", "settlement_period"]
        widgets = {"price_adjustment": forms.Textarea(attrs={"rows": 2})}


class BudgetForm(BootstrapFormMixin, forms.Form):
    customer_number = forms.CharField(label=_("Customer number"), max_length=20)
    description = forms.CharField(label=_("Job"), max_length=200)

    def clean_customer_number(self):
        number = self.cleaned_data["customer_number"].strip().upper()
        customer = Customer.objects.filter(number=number).first()
        if customer is None:
            raise forms.ValidationError(_("No customer has this number."))
        return customer


class BudgetLineForm(BootstrapFormMixin, forms.Form):
    description = forms.CharField(label=_("Item"), required=False, max_length=200)
    quantity = forms.DecimalField(label=_("Quantity"), required=False, min_value=0,
                                  max_digits=12, decimal_places=3)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=20)
    unit_price = forms.DecimalField(label=_("Unit price (CNY)"), required=False, min_value=0,
                                    max_digits=12, decimal_places=2)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("description"):
            for name in ("quantity", "unit", "unit_price"):
                if cleaned.get(name) in (None, ""):
                    self.add_error(name, _("Required for a budget line."))
        return cleaned


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=5, max_num=50)
