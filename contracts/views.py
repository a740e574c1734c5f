"""Contract pages: the contract with its route preview, completeness and timeline; submit and
sign. (Drafting forms, printing, attachments and hand-over follow.)"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import ARCHIVIST, BUDGET, FINANCE, GM, MARKET_MANAGER, OPS_VP, PLANNING, STAFF
from contracts import forms, services
from contracts.models import Contract, ContractType
from contracts.selectors import contract_customer_view, contract_get
from core.access import access_log_write
from core.attachment_views import AttachmentDownloadView, AttachmentUploadView, AttachmentVoidView
from core.attachments import attachments_for
from core.forms import apply_validation_error, form_error_text, validation_error_text
from core.history import history_entries
from core.models import AccessLog


class ContractDetailView(LoginRequiredMixin, View):
    template_name = "contracts/contract_detail.html"

    def get(self, request, pk):
        contract = contract_get(user=request.user, pk=pk)
        access_log_write(request=request, obj=contract, action=AccessLog.Action.VIEW)
        # 第十一条: the page shows the customer's data, so the customer's log records it too.
        customer_view = contract_customer_view(user=request.user, contract=contract)
        access_log_write(request=request, obj=contract.customer, action=AccessLog.Action.VIEW,
                         grant=customer_view.basis)
        is_drafter = contract.created_by_id == request.user.pk
        return render(request, self.template_name, {
            "contract": contract, "is_drafter": is_drafter,
            "customer_id_number": customer_view.id_number(contract.customer),
            "price_lines": contract.price_lines.select_related("standard"),
            "installments": contract.installments.all(), "steps": contract.steps.all(),
            "problems": services.contract_problems(contract) if contract.is_editable else [],
            "history": history_entries(contract),
            "attachments": attachments_for(contract),
            "amendments": contract.amendments.select_related("signed_by"),
            "can_attach": services.contract_may_attach(contract=contract, user=request.user),
            "can_receive": request.user.has_role(ARCHIVIST) and hasattr(contract, "handover")
            and not contract.handover.is_received,
            "data_forms": self._data_forms(request.user, contract),
            "can_pay": request.user.has_role(FINANCE) and contract.accepts_payments,
        })


    @staticmethod
    def _data_forms(user, contract) -> list:
        """The data forms the user's roles fill on this draft (estimate, market, finance)."""
        if not contract.is_editable:
            return []
        result = []
        if contract.construction_period_required and user.has_role(PLANNING):
            result.append(("estimate", _("Construction period estimate"), forms.EstimateForm(
                initial={"days": contract.planning_estimate_days})))
        if contract.kind == "take_or_pay" and user.has_role(MARKET_MANAGER):
            result.append(("market", _("Market data (第九条)"),
                           forms.MarketDataForm(instance=contract)))
        if contract.kind == "take_or_pay" and user.has_role(FINANCE):
            result.append(("finance", _("Financial data (第九条)"),
                           forms.FinanceDataForm(instance=contract)))
        return result


class ContractActionView(LoginRequiredMixin, View):
    """POST: submit (the drafter) or sign (the drafter, once approved)."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        contract = contract_get(user=request.user, pk=pk)
        if action not in ("submit", "sign") or contract.created_by_id != request.user.pk:
            raise PermissionDenied
        try:
            if action == "submit":
                approval = services.contract_submit(contract=contract, by=request.user)
                messages.success(request, _("Submitted for approval.") if approval else
                                 _("No approval is needed: the contract can be signed."))
            else:
                services.contract_sign(contract=contract, by=request.user,
                                       signatories=request.POST.get("signatories", ""))
                messages.success(request, _("The signing has been recorded."))
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        return redirect(contract)


class ContractCreateView(LoginRequiredMixin, View):
    """Drafting: type, customer, premises, dates, price items, schedule and steps. The amount
    is computed by the service; the page never offers it as a field."""

    template_name = "contracts/contract_form.html"

    def _forms(self, request, data=None):
        return (forms.ContractForm(data, user=request.user,
                                   initial={"customer_number": request.GET.get("customer", "")}),
                forms.PriceLineFormSet(data, prefix="lines"),
                forms.InstallmentFormSet(data, prefix="installments"),
                forms.StepFormSet(data, prefix="steps"))

    def get(self, request):
        if not (request.user.has_role(STAFF) or request.user.has_role(OPS_VP)):
            raise PermissionDenied
        return self._render(request, *self._forms(request))

    def post(self, request):
        if not (request.user.has_role(STAFF) or request.user.has_role(OPS_VP)):
            raise PermissionDenied
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
        return render(request, self.template_name, {
            "form": form, "lines": lines, "installments": installments, "steps": steps},
            status=status)


def _log_customer_chosen(request, customer) -> None:
    """Choosing a customer for a contract is a read of it (第十一条): logged under the user's
    access to it, else under 第九条 (the vice president drafting take-or-pay)."""
    from customers.selectors import customer_access

    access = customer_access(user=request.user, customer=customer)
    access_log_write(request=request, obj=customer, action=AccessLog.Action.VIEW,
                     grant=access.basis if access else _("take-or-pay drafting (第九条)"))


class ContractListView(LoginRequiredMixin, View):
    """Lists: mine, waiting for me, all visible (filters), overdue installments, take-or-pay
    contracts ending within 90 days."""

    template_name = "contracts/contract_list.html"
    TABS = ("mine", "waiting", "all", "overdue", "expiring", "handover")

    def get(self, request):
        from django.core.paginator import Paginator

        from approvals.selectors import steps_awaiting
        from contracts.selectors import contract_list, contracts_overdue, take_or_pay_expiring

        default = "handover" if request.user.has_role(ARCHIVIST) else "mine"
        tab = request.GET.get("tab", default)
        tab = tab if tab in self.TABS else "mine"
        user = request.user
        if tab == "mine":
            contracts = contract_list(user=user).filter(created_by=user)
        elif tab == "waiting":
            contracts = contract_list(user=user).filter(pk__in=steps_awaiting(user).filter(
                request__content_type__model="contract").values("request__object_id"))
        elif tab == "overdue":
            contracts = contracts_overdue(user=user)
        elif tab == "expiring":
            contracts = take_or_pay_expiring(user=user)
        elif tab == "handover":  # 第十条: hand-over lists waiting for the archivist
            contracts = contract_list(user=user).filter(handover__isnull=False,
                                                        handover__received_at__isnull=True)
        else:
            contracts = self._filtered(request, contract_list(user=user))
        contracts = contracts.select_related("contract_type", "customer").order_by("-id")
        page = Paginator(contracts, 50).get_page(request.GET.get("page"))
        return render(request, self.template_name, {
            "tab": tab, "page": page, "types": ContractType.objects.all(),
            "statuses": Contract.Status.choices,
            "can_draft": user.has_role(STAFF) or user.has_role(OPS_VP)})

    def _filtered(self, request, contracts):
        params = request.GET
        for name in ("type", "status", "customer", "from", "to", "min", "max"):
            if "\x00" in params.get(name, ""):  # PostgreSQL refuses NUL in a query
                messages.error(request, _("The filter “%(name)s” is not valid.") % {"name": name})
                return contracts
        if params.get("type"):
            contracts = contracts.filter(contract_type__code=params["type"])
        if params.get("status"):
            contracts = contracts.filter(status=params["status"])
        if params.get("customer"):
            contracts = contracts.filter(customer__number=params["customer"].strip().upper())
        for name, lookup in (("from", "contract_date__gte"), ("to", "contract_date__lte"),
                             ("min", "amount__gte"), ("max", "amount__lte")):
            if params.get(name):
                try:
                    contracts = contracts.filter(**{lookup: params[name]})
                except (ValueError, ValidationError):
                    messages.error(request, _("The filter “%(name)s” is not valid.")
                                   % {"name": name})
        return contracts


class InstallmentPayView(LoginRequiredMixin, View):
    """财务部 records a payment against an installment."""

    http_method_names = ["post"]

    def post(self, request, pk):
        contract = contract_get(user=request.user, pk=pk)
        form = forms.PaymentForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_error_text(form))
            return redirect(contract)
        try:
            services.installment_pay(contract=contract, sequence=form.cleaned_data["installment"],
                                     amount=form.cleaned_data["amount"], by=request.user)
            messages.success(request, _("The payment has been recorded."))
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        return redirect(contract)


class ContractFinishView(LoginRequiredMixin, View):
    """POST: the drafter completes or terminates a signed contract, or prepares its hand-over;
    the archivist receives the hand-over."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        contract = contract_get(user=request.user, pk=pk)
        try:
            if action == "complete":
                services.contract_finish(contract=contract, by=request.user)
            elif action == "terminate":
                services.contract_finish(contract=contract, by=request.user, terminated=True,
                                         reason=request.POST.get("reason", ""))
            elif action == "handover":
                services.handover_prepare(contract=contract, by=request.user,
                                          notes=request.POST.get("notes", ""))
            elif action == "void":
                services.contract_void(contract=contract, by=request.user,
                                       reason=request.POST.get("reason", ""))
            elif action == "amend":
                services.amendment_create(contract=contract, by=request.user,
                                          title=request.POST.get("title", "").strip(),
                                          text=request.POST.get("text", "").strip(),
                                          reason=request.POST.get("reason", ""))
            elif action == "sign-amendment":
                amendment_id = request.POST.get("amendment", "")
                amendment = contract.amendments.filter(pk=amendment_id).first() \
                    if amendment_id.isdigit() else None
                if amendment is None:  # an id naming no amendment of this contract
                    raise Http404
                services.amendment_sign(amendment=amendment, by=request.user)
            elif action == "receive" and hasattr(contract, "handover"):
                services.handover_receive(handover=contract.handover, by=request.user,
                                          location=request.POST.get("location", ""))
            else:
                raise PermissionDenied
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        return redirect(contract)


class _ContractRecordMixin:
    """Attachments of a contract: whoever may see it reads them; the drafter attaches and voids
    them until the contract is archived (第十条: read-only afterwards)."""

    def get_record(self, request, **kwargs):
        return contract_get(user=request.user, pk=kwargs["pk"])

    def _require_drafter(self, request, contract):
        if not services.contract_may_attach(contract=contract, user=request.user):
            raise PermissionDenied


class ContractFileView(_ContractRecordMixin, AttachmentDownloadView):
    pass


class ContractUploadView(_ContractRecordMixin, AttachmentUploadView):
    def check_upload_permission(self, request, record):
        self._require_drafter(request, record)


class ContractVoidFileView(_ContractRecordMixin, AttachmentVoidView):
    def check_void_permission(self, request, record):
        self._require_drafter(request, record)


class ContractEditView(LoginRequiredMixin, View):
    """The drafter changes a draft's terms (the amount stays computed)."""

    template_name = "contracts/contract_edit.html"

    def _contract(self, request, pk):
        contract = contract_get(user=request.user, pk=pk)
        if contract.created_by_id != request.user.pk or not contract.is_editable:
            raise PermissionDenied
        return contract

    def get(self, request, pk):
        contract = self._contract(request, pk)
        return render(request, self.template_name, {
            "contract": contract, "form": forms.ContractEditForm(instance=contract)})

    def post(self, request, pk):
        contract = self._contract(request, pk)
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
    take-or-pay data (第五条, 第九条); each service checks the role."""

    http_method_names = ["post"]
    FORMS = {"estimate": forms.EstimateForm, "market": forms.MarketDataForm,
             "finance": forms.FinanceDataForm}

    def post(self, request, pk, kind):
        contract = contract_get(user=request.user, pk=pk)
        if kind not in self.FORMS:
            raise PermissionDenied
        form = self.FORMS[kind](request.POST)
        if not form.is_valid():
            messages.error(request, form_error_text(form))
            return redirect(contract)
        try:
            if kind == "estimate":
                services.contract_record_estimate(contract=contract, by=request.user,
                                                  days=form.cleaned_data["days"])
            elif kind == "market":
                services.contract_record_market_data(contract=contract, by=request.user,
                                                     **form.cleaned_data)
            else:
                services.contract_record_finance_data(contract=contract, by=request.user,
                                                      **form.cleaned_data)
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        return redirect(contract)


class BudgetListView(LoginRequiredMixin, View):
    """预算员: budgets prepared for non-standard jobs, a new one, and issuing them."""

    template_name = "contracts/budget_list.html"

    def _check(self, request):
        if not request.user.has_role(BUDGET):
            raise PermissionDenied

    def get(self, request):
        self._check(request)
        return self._render(request, forms.BudgetForm(), forms.BudgetLineFormSet(prefix="lines"))

    def post(self, request):
        self._check(request)
        if request.POST.get("issue"):
            from contracts.models import BudgetEstimate

            issue = request.POST["issue"]
            budget = BudgetEstimate.objects.filter(pk=issue, prepared_by=request.user).first() \
                if issue.isdigit() else None
            if budget is None:  # not an id, or not a budget of this user
                raise Http404
            try:
                services.budget_issue(budget=budget, by=request.user)
                messages.success(request, _("Budget %(number)s issued.")
                                 % {"number": budget.number})
            except ValidationError as exc:
                messages.error(request, validation_error_text(exc))
            return redirect("contracts:budgets")
        form = forms.BudgetForm(request.POST)
        lines = forms.BudgetLineFormSet(request.POST, prefix="lines")
        if form.is_valid() and lines.is_valid():
            try:
                budget = services.budget_create(
                    by=request.user, customer=form.cleaned_data["customer_number"],
                    description=form.cleaned_data["description"],
                    lines=[row for row in lines.cleaned_data if row.get("description")])
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                access_log_write(request=request, obj=budget.customer,
                                 action=AccessLog.Action.VIEW,
                                 grant=_("budget department (第六条)"))
                messages.success(request, _("Budget %(number)s prepared.")
                                 % {"number": budget.number})
                return redirect("contracts:budgets")
        return self._render(request, form, lines, status=400)

    def _render(self, request, form, lines, status=200):
        from contracts.models import BudgetEstimate

        budgets = (BudgetEstimate.objects.filter(prepared_by=request.user)
                   .select_related("customer").prefetch_related("lines")[:100])
        return render(request, self.template_name,
                      {"form": form, "lines": lines, "budgets": budgets}, status=status)


class _BudgetRecordMixin:
    """Attachments of a budget (drawings, calculations): the budget department attaches; the
    budget department, finance, the GM and the drafters of contracts using it read them."""

    def get_record(self, request, **kwargs):
        from django.http import Http404

        from contracts.models import BudgetEstimate

        budget = BudgetEstimate.objects.filter(pk=kwargs["pk"]).first()
        user = request.user
        if budget is None or not (
                user.role_codes & {BUDGET, FINANCE, GM}
                or budget.contracts.filter(created_by=user).exists()):
            raise Http404
        return budget

    def get_fallback_url(self, request, record):
        from django.urls import reverse

        return reverse("contracts:budgets")

    def _require_preparer(self, request, budget):
        if not services.budget_may_attach(budget=budget, user=request.user):
            raise PermissionDenied


class BudgetFileView(_BudgetRecordMixin, AttachmentDownloadView):
    pass


class BudgetUploadView(_BudgetRecordMixin, AttachmentUploadView):
    def check_upload_permission(self, request, record):
        self._require_preparer(request, record)


class RoutePreviewView(LoginRequiredMixin, View):
    """The route a contract being drafted would take (第四条), for the drafting form (htmx):
    built from the form's type, customer, payment method and dispute flag, never saved."""

    def get(self, request):
        from approvals.selectors import route_resolve
        from contracts.selectors import draftable_customers

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
