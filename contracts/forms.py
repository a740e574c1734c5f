"""Drafting forms. The amount is never a field (第六条): it is computed from the price lines or
the issued budget, so a forged `amount` in a POST is simply not read."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contracts.clauses import PLACEHOLDER_FIELDS, clause_placeholders_used
from contracts.models import Contract, ContractType, Kind, PriceStandard
from core.forms import BootstrapFormMixin
from customers.models import Customer

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# What the clauses print (issue 13, point 5), asked for on the drafting and the edit form.
CLAUSE_FIELDS = ["project_name", "project_site", "works_from", "works_to", "delivery_point",
                 "supply_starts_on"]
CLAUSE_WIDGETS = {"works_from": DATE, "works_to": DATE, "supply_starts_on": DATE}


def clause_required_fields(contract_type) -> list[str]:
    """The contract fields the clauses in force of `contract_type` print: the drafting form
    requires them, so that the signed text never prints "—". The premises are the delivery
    notice's (`notice_number`); a take-or-pay contract's delivery point is the market
    department's data (第九条), not the drafter's."""
    template = contract_type.current_template() if contract_type else None
    if template is None:
        return []
    names = []
    for placeholder in clause_placeholders_used(template.body):
        name = PLACEHOLDER_FIELDS.get(placeholder)
        if name == "premises":
            name = "notice_number"
        if name == "delivery_point" and contract_type.kind == Kind.TAKE_OR_PAY:
            continue
        if name and name not in names:
            names.append(name)
    return names


class ClauseFieldsMixin:
    """Requires every field the clauses of the contract's type print, each error on its field;
    checks that the construction period does not end before it starts."""

    def _require_clause_fields(self, contract_type, cleaned) -> None:
        for name in clause_required_fields(contract_type):
            if name in self.fields and cleaned.get(name) in (None, "") \
                    and name not in self.errors:
                self.add_error(name, _("The clauses print it: fill it in."))
        works_from, works_to = cleaned.get("works_from"), cleaned.get("works_to")
        if works_from and works_to and works_to < works_from:
            self.add_error("works_to", _("The construction period ends before it starts."))


class ContractForm(ClauseFieldsMixin, BootstrapFormMixin, forms.ModelForm):
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
                  *CLAUSE_FIELDS,
                  "payment_method", "construction_period_required", "ownership_dispute"]
        widgets = {"contract_date": DATE, "starts_on": DATE, "ends_on": DATE, **CLAUSE_WIDGETS}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["contract_type"].queryset = ContractType.objects.filter(is_active=True)
        # The search-as-you-type of the page fills the number (static/contracts/drafting.js).
        self.fields["customer_number"].widget.attrs.update({"data-customer-number": ""})

    def clean(self):
        cleaned = super().clean()
        self._require_clause_fields(cleaned.get("contract_type"), cleaned)
        return cleaned

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
        if cleaned.get("quantity") and not cleaned.get("standard") \
                and "standard" not in self.errors:
            self.add_error("standard", _("Choose the price standard item."))
        return cleaned


class InstallmentForm(BootstrapFormMixin, forms.Form):
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)
    amount = forms.DecimalField(label=_("Amount (CNY)"), required=False, min_value=0,
                                max_digits=14, decimal_places=2)
    milestone = forms.CharField(label=_("Milestone"), required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        # A row with a deadline or a milestone but no amount is not silently dropped.
        if (cleaned.get("due_on") or cleaned.get("milestone")) and not cleaned.get("amount") \
                and "amount" not in self.errors:
            self.add_error("amount", _("Give the amount of this installment."))
        return cleaned


class StepForm(BootstrapFormMixin, forms.Form):
    description = forms.CharField(label=_("Installation step"), required=False, max_length=200)
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DATE)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if (start or end) and not cleaned.get("description") \
                and "description" not in self.errors:
            self.add_error("description", _("Describe the work of this step."))
        if start and end and end < start:
            self.add_error("planned_end", _("The step ends before it starts."))
        return cleaned


PriceLineFormSet = forms.formset_factory(PriceLineForm, extra=3, max_num=10)
InstallmentFormSet = forms.formset_factory(InstallmentForm, extra=4, max_num=24)
StepFormSet = forms.formset_factory(StepForm, extra=4, max_num=20)


class PaymentForm(BootstrapFormMixin, forms.Form):
    installment = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.DecimalField(label=_("Amount received (CNY)"), min_value=0.01,
                                max_digits=14, decimal_places=2)


class ContractEditForm(ClauseFieldsMixin, BootstrapFormMixin, forms.ModelForm):
    notice_number = forms.CharField(
        label=_("Delivery notice number"), max_length=20, required=False,
        help_text=_("For a supply contract: the gas delivery notice of the premises (第七条)."))

    class Meta:
        model = Contract
        fields = ["title", "contract_date", "starts_on", "ends_on", *CLAUSE_FIELDS,
                  "construction_period_required", "ownership_dispute"]
        widgets = {"contract_date": DATE, "starts_on": DATE, "ends_on": DATE, **CLAUSE_WIDGETS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        notice = (self.instance.premises.delivery_notices.filter(is_void=False).first()
                  if self.instance.premises_id else None)
        if notice and not self.is_bound:
            self.initial["notice_number"] = notice.number

    def clean_notice_number(self):
        return _notice(self.cleaned_data["notice_number"])

    def clean(self):
        cleaned = super().clean()
        self._require_clause_fields(self.instance.contract_type, cleaned)
        return cleaned


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


class CompanyProfileForm(BootstrapFormMixin, forms.ModelForm):
    """The company's own party (甲方), every field required: a contract prints them all."""

    class Meta:
        from contracts.models import CompanyProfile

        model = CompanyProfile
        fields = ["name", "address", "legal_representative", "bank", "bank_account",
                  "tax_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
