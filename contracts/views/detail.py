"""The contract page: terms, schedule, amendments, attachments, hand-over, history, the route
and the approval timeline, and one button per action contracts.actions allows."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from contracts import forms, services
from contracts.actions import ContractActions, contract_actions
from contracts.completeness import contract_sign_blanks
from contracts.pdf import take_or_pay_terms
from contracts.selectors import contract_customer_view, contract_get
from core.access import access_log_write
from core.attachments import attachments_for
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
        actions = contract_actions(user=request.user, contract=contract,
                                   customer_view=customer_view)
        return render(request, self.template_name, {
            "contract": contract, "actions": actions,
            "customer_id_number": customer_view.id_number(contract.customer),
            "price_lines": contract.price_lines.select_related("standard"),
            "installments": contract.installments.all(), "steps": contract.steps.all(),
            "problems": services.contract_problems(contract) if contract.is_editable else [],
            "history": history_entries(contract),
            "attachments": attachments_for(contract),
            "amendments": contract.amendments.select_related("signed_by"),
            "data_forms": _data_forms(actions, contract),
            "sign_blanks": [label for _name, label in contract_sign_blanks(contract)]
            if actions.sign else [],
            "terms": take_or_pay_terms(contract),
        })


def _data_forms(actions: ContractActions, contract) -> list:
    """The departments' data forms the user may fill on this draft (第五条, 第九条): (kind in
    the URL, action, title, form)."""
    result = []
    if actions.estimate:
        result.append(("estimate", "estimate", _("Construction period estimate"),
                       forms.EstimateForm(initial={"days": contract.planning_estimate_days})))
    if actions.market_data:
        result.append(("market", "market_data", _("Market data (第九条)"),
                       forms.MarketDataForm(instance=contract)))
    if actions.finance_data:
        result.append(("finance", "finance_data", _("Financial data (第九条)"),
                       forms.FinanceDataForm(instance=contract)))
    return result
