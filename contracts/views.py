"""Contract pages: the contract with its route preview, completeness and timeline; submit and
sign. (Drafting forms, printing, attachments and hand-over follow.)"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from contracts import services
from contracts.selectors import contract_get
from core.access import access_log_write
from core.history import history_entries
from core.models import AccessLog


class ContractDetailView(LoginRequiredMixin, View):
    template_name = "contracts/contract_detail.html"

    def get(self, request, pk):
        contract = contract_get(user=request.user, pk=pk)
        access_log_write(request=request, obj=contract, action=AccessLog.Action.VIEW)
        is_drafter = contract.created_by_id == request.user.pk
        return render(request, self.template_name, {
            "contract": contract, "is_drafter": is_drafter,
            "price_lines": contract.price_lines.select_related("standard"),
            "installments": contract.installments.all(), "steps": contract.steps.all(),
            "problems": services.contract_problems(contract) if contract.is_editable else [],
            "history": history_entries(contract),
        })


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
                services.contract_sign(contract=contract, by=request.user)
                messages.success(request, _("The signing has been recorded."))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(contract)
