"""Drafting a contract: the drafting form with its route preview (第四条), the drafter's edits
of a draft, and the departments' data of a draft (第五条, 第九条)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from approvals.selectors import route_resolve
from contracts import forms, services
from contracts.actions import contract_action_require, contract_may_draft
from contracts.models import Contract, ContractType, PriceStandard
from contracts.selectors import (
    CUSTOMER_SEARCH_MIN_LENGTH,
    contract_get,
    customer_choices,
    draftable_customers,
)
from core.access import access_log_write
from core.forms import apply_validation_error, form_error_text, validation_error_text
from core.models import AccessLog


class ContractCreateView(LoginRequiredMixin, View):
    """Drafting: type, customer, premises, dates, price items, schedule and steps. The amount
    is computed by the service; the page never offers it as a field."""

    template_name = "contracts/contract_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not contract_may_draft(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _forms(self, request, data=None):
        return (forms.ContractForm(data, user=request.user,
                                   initial={"customer_number": request.GET.get("customer", "")}),
                forms.PriceLineFormSet(data, prefix="lines"),
                forms.InstallmentFormSet(data, prefix="installments"),
                forms.StepFormSet(data, prefix="steps"))

    def get(self, request):
        return self._render(request, *self._forms(request))

    def post(self, request):
        form, lines, installments, steps = self._forms(request, request.POST)
        if all(part.is_valid() for part in (form, lines, installments, steps)):
            data = form.cleaned_data
            try:
                contract = services.contract_create(
                    by=request.user, contract_type=data["contract_type"],
                    customer=data["customer_number"], title=data["title"],
                    budget=data["budget_number"],
                    premises=data["notice_number"].premises if data["notice_number"] else None,
                    contract_date=data["contract_date"],
                    starts_on=data["starts_on"], ends_on=data["ends_on"],
                    payment_method=data["payment_method"],
                    construction_period_required=data["construction_period_required"],
                    ownership_dispute=data["ownership_dispute"],
                    **{name: data[name] for name in forms.CLAUSE_FIELDS},
                    price_lines=[(row["standard"], row["quantity"]) for row in lines.cleaned_data
                                 if row.get("standard")],
                    installments=[{k: row[k] for k in ("due_on", "amount", "milestone")}
                                  for row in installments.cleaned_data if row.get("amount")],
                    steps=[{k: row[k] for k in ("description", "planned_start", "planned_end")}
                           for row in steps.cleaned_data if row.get("description")])
            except PermissionDenied as exc:
                form.add_error("contract_type", str(exc) or _("You may not draft this type."))
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                _log_customer_chosen(request, contract.customer)
                messages.success(request, _("Contract %(number)s drafted.")
                                 % {"number": contract.number})
                return redirect(contract)
        return self._render(request, form, lines, installments, steps, status=400)

    def _render(self, request, form, lines, installments, steps, status=200):
        # Without script, the customer search is this page's own GET (?find=…): the matches
        # are links that fill in the customer number (issue 13, point 5).
        find = (request.GET.get("find") or "").strip()[:50]
        found, more = customer_choices(user=request.user, term=find) if find else ([], False)
        return render(request, self.template_name, {
            "form": form, "lines": lines, "installments": installments, "steps": steps,
            "find": find, "found": found, "found_more": more,
            "min_length": CUSTOMER_SEARCH_MIN_LENGTH,
            "standard_prices": _standard_prices()}, status=status)


def _standard_prices() -> str:
    """"id:unit price,…" of the price standard items in force: the page's running total
    multiplies them by the quantities (the saved amount is still the service's)."""
    return ",".join(f"{pk}:{price}" for pk, price in PriceStandard.objects.filter(
        effective_to__isnull=True).values_list("pk", "unit_price"))


class CustomerSearchView(LoginRequiredMixin, View):
    """GET ?q=…[&contract_type=id]: JSON of the customers the user may draft a contract for
    that match (contracts.selectors.customer_choices: scoped by the customers' visibility rule,
    masked identifiers, at least two characters, capped)."""

    http_method_names = ["get"]

    def get(self, request):
        if not contract_may_draft(user=request.user):
            raise PermissionDenied
        type_id = request.GET.get("contract_type", "")
        contract_type = ContractType.objects.filter(pk=type_id).first() \
            if type_id.isdigit() else None
        results, more = customer_choices(user=request.user, term=request.GET.get("q", "")[:50],
                                         contract_type=contract_type)
        return JsonResponse({"results": results, "more": more,
                             "min_length": CUSTOMER_SEARCH_MIN_LENGTH})


def _log_customer_chosen(request, customer) -> None:
    """Choosing a customer for a contract is a read of it (第十一条): logged under the user's
    access to it, else under 第九条 (the vice president drafting take-or-pay)."""
    from customers.selectors import customer_access

    access = customer_access(user=request.user, customer=customer)
    access_log_write(request=request, obj=customer, action=AccessLog.Action.VIEW,
                     grant=access.basis if access else "take_or_pay_drafting")


class RoutePreviewView(LoginRequiredMixin, View):
    """The route a contract being drafted would take (第四条), for the drafting form (htmx):
    built from the form's type, customer, payment method and dispute flag, never saved."""

    def get(self, request):
        type_id = request.GET.get("contract_type", "")
        contract_type = ContractType.objects.filter(pk=type_id).first() \
            if type_id.isdigit() else None
        number = (request.GET.get("customer_number") or "").strip().upper()
        customer = draftable_customers(user=request.user, contract_type=contract_type).filter(
            number=number).first()
        if contract_type is None or customer is None:
            return render(request, "contracts/route_preview_hint.html")
        draft = Contract(contract_type=contract_type, customer=customer,
                         payment_method=request.GET.get("payment_method") or "one",
                         ownership_dispute=bool(request.GET.get("ownership_dispute")))
        return render(request, "approvals/includes/route_preview.html",
                      {"resolved": route_resolve(draft, strict=False)})


class ContractEditView(LoginRequiredMixin, View):
    """The drafter changes a draft's terms (the amount stays computed)."""

    template_name = "contracts/contract_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.contract = contract_get(user=request.user, pk=kwargs["pk"])
        try:  # 403 for anyone but the drafter; a submitted contract is no longer edited
            contract_action_require(user=request.user, contract=self.contract, action="edit")
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
            return redirect(self.contract)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return render(request, self.template_name, {
            "contract": self.contract, "form": forms.ContractEditForm(instance=self.contract)})

    def post(self, request, pk):
        contract = self.contract
        form = forms.ContractEditForm(request.POST, instance=Contract.objects.get(pk=pk))
        if form.is_valid():
            try:
                notice = form.cleaned_data["notice_number"]
                services.contract_update(contract=contract, by=request.user,
                                         premises=notice.premises if notice else None, **{
                                             name: form.cleaned_data[name]
                                             for name in form.Meta.fields})
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(contract)
        return render(request, self.template_name, {"contract": contract, "form": form},
                      status=400)


class ContractDataView(LoginRequiredMixin, View):
    """POST: 规划建设部's construction-period estimate, the market department's and finance's
    take-or-pay data (第五条, 第九条): each kind is an action of contracts.actions."""

    http_method_names = ["post"]
    # kind in the URL: (the action of contracts.actions, its form)
    KINDS = {"estimate": ("estimate", forms.EstimateForm),
             "market": ("market_data", forms.MarketDataForm),
             "finance": ("finance_data", forms.FinanceDataForm)}

    def post(self, request, pk, kind):
        contract = contract_get(user=request.user, pk=pk)
        if kind not in self.KINDS:
            raise PermissionDenied
        action, form_class = self.KINDS[kind]
        try:
            contract_action_require(user=request.user, contract=contract, action=action)
            form = form_class(request.POST)
            if not form.is_valid():
                raise ValidationError(form_error_text(form))
            self._record(kind, contract, request.user, form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, _("Saved."))
        return redirect(contract)

    @staticmethod
    def _record(kind, contract, by, data) -> None:
        if kind == "estimate":
            services.contract_record_estimate(contract=contract, by=by, days=data["days"])
        elif kind == "market":
            services.contract_record_market_data(contract=contract, by=by, **data)
        else:
            services.contract_record_finance_data(contract=contract, by=by, **data)
