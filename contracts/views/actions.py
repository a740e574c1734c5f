"""One POST view per action of contracts.actions on a contract. Each fetches the contract
through contract_get (404 when the user may not see it), asks contract_action_require first
(PermissionDenied, a 403, for the wrong user; a ValidationError naming the status, shown as a
message, for the wrong state: the page may be older than the contract), then calls its one
service and goes back to the contract page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from contracts import forms, services
from contracts.actions import RULES, contract_action_require
from contracts.selectors import contract_get
from core.forms import form_error_text, validation_error_text


class _ContractActionView(LoginRequiredMixin, View):
    """POST: the `action` (a key of contracts.actions.RULES) on the contract of the URL."""

    http_method_names = ["post"]
    action = ""
    success_message = gettext_lazy("Saved.")

    def post(self, request, pk):
        contract = contract_get(user=request.user, pk=pk)
        try:
            contract_action_require(user=request.user, contract=contract, action=self.action)
            message = self.perform(request, contract)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, message or self.success_message)
        return redirect(contract)

    def __init_subclass__(cls, **kwargs):
        """Each action view names a rule of the table and defines `perform(request, contract)`
        (call the action's service; return a success message other than the default), checked
        when the class is defined."""
        super().__init_subclass__(**kwargs)
        if cls.action not in RULES or not callable(getattr(cls, "perform", None)):
            raise ImproperlyConfigured(f"{cls.__qualname__}: `action` must name a rule of "
                                       "contracts.actions.RULES and `perform` must be defined.")


class ContractSubmitView(_ContractActionView):
    """The drafter submits the draft along the route of 第四条 (approved at once without one)."""

    action = "submit"

    def perform(self, request, contract):
        approval = services.contract_submit(contract=contract, by=request.user)
        return _("Submitted for approval.") if approval else \
            _("No approval is needed: the contract can be signed.")


class ContractSignView(_ContractActionView):
    """The drafter records the signing of the approved contract; the clauses are frozen."""

    action = "sign"
    success_message = gettext_lazy("The signing has been recorded.")

    def perform(self, request, contract):
        services.contract_sign(contract=contract, by=request.user,
                               signatories=request.POST.get("signatories", ""))


class ContractVoidView(_ContractActionView):
    """The drafter abandons the draft, with a reason."""

    action = "void"

    def perform(self, request, contract):
        services.contract_void(contract=contract, by=request.user,
                               reason=request.POST.get("reason", ""))


class InstallmentPayView(_ContractActionView):
    """财务部 records a payment against an installment."""

    action = "pay"
    success_message = gettext_lazy("The payment has been recorded.")

    def perform(self, request, contract):
        form = forms.PaymentForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form_error_text(form))
        services.installment_pay(contract=contract, sequence=form.cleaned_data["installment"],
                                 amount=form.cleaned_data["amount"], by=request.user)


class ContractCompleteView(_ContractActionView):
    """The drafter marks the contract in force completed."""

    action = "complete"

    def perform(self, request, contract):
        services.contract_finish(contract=contract, by=request.user)


class ContractTerminateView(_ContractActionView):
    """The drafter terminates the contract in force, with a reason."""

    action = "terminate"

    def perform(self, request, contract):
        services.contract_finish(contract=contract, by=request.user, terminated=True,
                                 reason=request.POST.get("reason", ""))


class ContractAmendView(_ContractActionView):
    """The drafter drafts a numbered amendment (补充协议) of the contract in force."""

    action = "amend"

    def perform(self, request, contract):
        services.amendment_create(contract=contract, by=request.user,
                                  title=request.POST.get("title", "").strip(),
                                  text=request.POST.get("text", "").strip(),
                                  reason=request.POST.get("reason", ""))


class ContractSignAmendmentView(_ContractActionView):
    """The drafter records the signing of one amendment of the contract (404 for an id naming
    no amendment of it)."""

    action = "sign_amendment"

    def perform(self, request, contract):
        amendment_id = request.POST.get("amendment", "")
        amendment = contract.amendments.filter(pk=amendment_id).first() \
            if amendment_id.isdigit() else None
        if amendment is None:
            raise Http404
        services.amendment_sign(amendment=amendment, by=request.user)


class ContractHandoverView(_ContractActionView):
    """The drafter prepares the hand-over list of the finished contract (第十条)."""

    action = "handover"

    def perform(self, request, contract):
        services.handover_prepare(contract=contract, by=request.user,
                                  notes=request.POST.get("notes", ""))


class ContractReceiveView(_ContractActionView):
    """The archivist confirms receipt of the hand-over, naming the archive location (第十条)."""

    action = "receive"

    def perform(self, request, contract):
        services.handover_receive(handover=contract.handover, by=request.user,
                                  location=request.POST.get("location", ""))
