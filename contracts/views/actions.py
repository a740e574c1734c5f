"""One view per action of contracts.actions on a contract. Each fetches the contract through
contract_get (404 when the user may not see it), asks contract_action_require first
(PermissionDenied, a 403, for the wrong user; a ValidationError naming the status, shown as a
message, for the wrong state: the page may be older than the contract), then calls its one
service and goes back to the contract page.

An action that changes the contract's state (sign, void, complete, terminate, hand over,
receive) has a `form_class` (contracts.confirm_forms): its GET is the confirmation page
(core.confirm), its POST without the tick or the reason is that page again with the error on
the field, and nothing changes (issue 13, point 7)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from contracts import confirm_forms, forms, services
from contracts.actions import RULES, contract_action_require
from contracts.completeness import contract_blanks_error, contract_sign_blanks
from contracts.selectors import contract_get
from contracts.services import FILLABLE_AT_SIGNING
from core.confirm import confirm_page
from core.forms import apply_validation_error, form_error_text, validation_error_text


class _ContractActionView(LoginRequiredMixin, View):
    """POST: the `action` (a key of contracts.actions.RULES) on the contract of the URL; with a
    `form_class`, GET shows its confirmation page and POST needs the form valid."""

    http_method_names = ["post"]
    action = ""
    success_message = gettext_lazy("Saved.")
    form_class = None  # a core.forms.ConfirmForm: the action asks for confirmation
    title = ""
    consequence = ""
    button_label = ""
    button_class = "btn-primary"
    # A refusal of the service that names no field is listed on the confirmation page rather
    # than in a message on the contract page.
    problems_on_page = False

    def dispatch(self, request, *args, **kwargs):
        if self.form_class is not None:
            self.http_method_names = ["get", "post"]
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        contract = contract_get(user=request.user, pk=pk)
        try:
            contract_action_require(user=request.user, contract=contract, action=self.action)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
            return redirect(contract)
        return self._confirm_page(request, contract, self.make_form(contract), status=200)

    def post(self, request, pk):
        contract = contract_get(user=request.user, pk=pk)
        self.cleaned, form = {}, None
        try:
            contract_action_require(user=request.user, contract=contract, action=self.action)
            if self.form_class is not None:
                form = self.make_form(contract, request.POST)
                if not form.is_valid():
                    return self._confirm_page(request, contract, form, status=400)
                self.cleaned = form.cleaned_data
            message = self.perform(request, contract)
        except ValidationError as exc:
            if form is not None and hasattr(exc, "error_dict"):
                apply_validation_error(form, exc)  # a field the service refused: say it there
                return self._confirm_page(request, contract, form, status=400)
            if form is not None and self.problems_on_page:
                return self._confirm_page(request, contract, form, status=400,
                                          problems=exc.messages)
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, message or self.success_message)
        return redirect(contract)

    def _confirm_page(self, request, contract, form, *, status, problems=None):
        if problems is None:
            problems = self.problems(contract)
        return confirm_page(request, form=form, title=self.title, record=contract,
                            cancel_url=contract.get_absolute_url(),
                            button_label=self.button_label or self.title,
                            consequence=self.consequence, button_class=self.button_class,
                            action=self.action, status=status, problems=problems)

    def problems(self, contract) -> list[str]:
        """What stops the action now, listed on its confirmation page (none by default)."""
        return []

    def make_form(self, contract, data=None):
        """The confirmation form of the action on `contract`, bound to `data` if given."""
        return self.form_class(data)

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
    form_class = confirm_forms.SignConfirmForm
    title = gettext_lazy("Record the signing")
    consequence = gettext_lazy("The clauses are frozen as signed; the contract can no longer "
                               "be edited.")
    button_class = "btn-success"
    problems_on_page = True

    def problems(self, contract) -> list[str]:
        """Issue 13: every blank the signed copy would print as "—" that this page cannot
        fill (the company profile's, the premises), by name."""
        blanks = [(name, label) for name, label in contract_sign_blanks(contract)
                  if name not in services.FILLABLE_AT_SIGNING]
        return contract_blanks_error(blanks).messages if blanks else []

    def make_form(self, contract, data=None):
        """The clause values still blank are asked for on the confirmation page."""
        return self.form_class(data, blank_fields=[
            name for name, _label in contract_sign_blanks(contract)
            if name in services.FILLABLE_AT_SIGNING])

    def perform(self, request, contract):
        services.contract_sign(contract=contract, by=request.user,
                               signatories=self.cleaned["signatories"],
                               clause_fields={name: self.cleaned[name]
                                              for name in FILLABLE_AT_SIGNING
                                              if name in self.cleaned})


class ContractVoidView(_ContractActionView):
    """The drafter abandons the draft, with a reason."""

    action = "void"
    form_class = confirm_forms.VoidConfirmForm
    title = gettext_lazy("Void the draft")
    consequence = gettext_lazy("The draft stays on record, marked void with your reason; it "
                               "can no longer be submitted.")
    button_class = "btn-danger"

    def perform(self, request, contract):
        services.contract_void(contract=contract, by=request.user,
                               reason=self.cleaned["reason"])


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
    form_class = confirm_forms.CompleteConfirmForm
    title = gettext_lazy("Mark the contract completed")
    consequence = gettext_lazy("A completed contract can no longer be amended or terminated; "
                               "it goes to the archive next (第十条).")

    def perform(self, request, contract):
        services.contract_finish(contract=contract, by=request.user)


class ContractTerminateView(_ContractActionView):
    """The drafter terminates the contract in force, with a reason."""

    action = "terminate"
    form_class = confirm_forms.TerminateConfirmForm
    title = gettext_lazy("Terminate the contract")
    consequence = gettext_lazy("The contract ends now; the reason is kept in its history.")
    button_class = "btn-danger"

    def perform(self, request, contract):
        services.contract_finish(contract=contract, by=request.user, terminated=True,
                                 reason=self.cleaned["reason"])


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
    form_class = confirm_forms.HandoverConfirmForm
    title = gettext_lazy("Prepare the hand-over list")
    consequence = gettext_lazy("The list names the contract and every valid attachment; it is "
                               "prepared once and goes to the archivist (第十条).")

    def perform(self, request, contract):
        services.handover_prepare(contract=contract, by=request.user,
                                  notes=self.cleaned["notes"])


class ContractReceiveView(_ContractActionView):
    """The archivist confirms receipt of the hand-over, naming the archive location (第十条)."""

    action = "receive"
    form_class = confirm_forms.ReceiveConfirmForm
    title = gettext_lazy("Confirm receipt of the hand-over")
    consequence = gettext_lazy("The contract is archived and read-only for everyone from now "
                               "on (第十条).")
    button_class = "btn-success"

    def perform(self, request, contract):
        services.handover_receive(handover=contract.handover, by=request.user,
                                  location=self.cleaned["location"])
