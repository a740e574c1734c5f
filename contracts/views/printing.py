"""Printing a contract and verifying a printout: the PDF for whoever may see the contract
(the print is logged), and the verification page of the code printed on it."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views import View

from contracts.pdf import contract_pdf, contract_verification
from contracts.selectors import contract_customer_view, contract_get, contract_may_print
from core.access import access_log_write
from core.models import AccessLog


class ContractPrintView(LoginRequiredMixin, View):
    """GET: the contract as PDF (inline); 404 when the user may not see it. The customer's
    identifiers print in full only for a reader of the customer (第十一条). Each print is
    written to the AccessLog of the contract and of its customer once the PDF is made."""

    http_method_names = ["get"]

    def get(self, request, pk):
        contract = contract_get(user=request.user, pk=pk)
        customer_view = contract_customer_view(user=request.user, contract=contract)
        if not contract_may_print(user=request.user, contract=contract,
                                  customer_view=customer_view):
            raise PermissionDenied
        pdf = contract_pdf(contract=contract, printed_by=request.user,
                           full_identity=customer_view.full)
        access_log_write(request=request, obj=contract, action=AccessLog.Action.PRINT,
                         grant="contract_reader")
        # 第十一条: the print carries the customer's data: the customer's log records it.
        access_log_write(request=request, obj=contract.customer, action=AccessLog.Action.PRINT,
                         grant=customer_view.basis)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{contract.number}.pdf"'
        return response


class ContractVerifyView(LoginRequiredMixin, View):
    """GET /contracts/verify/<code>/: whether a printout's code matches the contract as it
    stands now. Any logged-in user may check a code; the page shows the number, type and
    status only, and only when the code matches (a guessed code reveals nothing but the
    mismatch); the digest only to a reader of the customer. A code naming no contract is a
    404."""

    http_method_names = ["get"]
    template_name = "contracts/verify.html"

    def get(self, request, code):
        found = contract_verification(code=code)
        if found is None:
            raise Http404
        contract, digest, matches = found
        # The digest covers the customer's full document number: shown to readers of the
        # customer only, or a masked printout and its code would let it be recovered.
        show_digest = matches and contract_customer_view(user=request.user,
                                                         contract=contract).full
        return render(request, self.template_name, {
            "code": code, "matches": matches,
            "contract": contract if matches else None, "digest": digest if show_digest else "",
        })
