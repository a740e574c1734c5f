"""The contract lists: mine, waiting for me, all visible (filtered), overdue installments,
take-or-pay ending soon, hand-overs to receive."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import ARCHIVIST
from approvals.selectors import steps_awaiting
from contracts.actions import contract_may_draft
from contracts.models import Contract, ContractType
from contracts.selectors import (
    contract_list,
    contracts_overdue,
    contracts_returned,
    take_or_pay_expiring,
)


class ContractListView(LoginRequiredMixin, View):
    """Lists: mine, waiting for me, all visible (filters), overdue installments, take-or-pay
    contracts ending within 90 days."""

    template_name = "contracts/contract_list.html"
    TABS = ("mine", "waiting", "all", "overdue", "expiring", "handover")

    def get(self, request):
        default = "handover" if request.user.has_role(ARCHIVIST) else "mine"
        tab = request.GET.get("tab", default)
        tab = tab if tab in self.TABS else "mine"
        user = request.user
        narrowed = ""
        if tab == "mine":
            contracts, narrowed = self._mine_narrowed(request,
                                                      contract_list(user=user).filter(created_by=user))
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
            "tab": tab, "page": page, "types": ContractType.objects.all(), "narrowed": narrowed,
            "statuses": Contract.Status.choices,
            "may_draft": contract_may_draft(user=user)})

    @staticmethod
    def _mine_narrowed(request, contracts):
        """My contracts of one status, or those returned to me (the home page's tiles link
        here); the label of the narrowing, "" when none."""
        status = request.GET.get("status", "")
        if status in Contract.Status.values:
            return (contracts.filter(status=status),
                    str(Contract.Status(status).label))
        if request.GET.get("returned") == "1":
            return contracts_returned(contracts), _("Returned to me")
        return contracts, ""

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
