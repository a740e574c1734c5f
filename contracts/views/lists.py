"""The contract lists: mine, waiting for me, all visible (filtered), overdue installments,
take-or-pay ending soon, hand-overs to receive."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import ARCHIVIST
from approvals.selectors import steps_awaiting
from contracts.actions import contract_may_draft
from contracts.filters import DEFAULT_SORT, SORTS, ContractFilter
from contracts.models import Contract
from contracts.selectors import (
    contract_list,
    contracts_overdue,
    contracts_payments_due,
    contracts_returned,
    take_or_pay_expiring,
)
from core.listing import Listing

PAGE_SIZE = 50


class ContractListView(LoginRequiredMixin, View):
    """Lists: mine, waiting for me, all visible (filters), installments due within 30 days,
    overdue installments, take-or-pay
    contracts ending within 90 days."""

    template_name = "contracts/contract_list.html"
    TABS = ("mine", "waiting", "all", "due", "overdue", "expiring", "handover")

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
        elif tab == "due":
            contracts = contracts_payments_due(user=user)
        elif tab == "overdue":
            contracts = contracts_overdue(user=user)
        elif tab == "expiring":
            contracts = take_or_pay_expiring(user=user)
        elif tab == "handover":  # 第十条: hand-over lists waiting for the archivist
            contracts = contract_list(user=user).filter(handover__isnull=False,
                                                        handover__received_at__isnull=True)
        else:
            contracts = contract_list(user=user)
        filterset = ContractFilter(request.GET or None, queryset=contracts, request=request)
        self._refused(request, filterset)
        listing = Listing(request, sorts=SORTS, default=DEFAULT_SORT, page_size=PAGE_SIZE)
        contracts = filterset.qs.select_related("contract_type", "customer").order_by(
            *listing.order_by)
        page = listing.paginate(contracts)
        return render(request, self.template_name, {
            **listing.context(page), "tab": tab, "filters": filterset.form,
            "filtered": any(request.GET.get(name) for name in filterset.filters if name != "q"),
            "narrowed": narrowed, "may_draft": contract_may_draft(user=user)})

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

    @staticmethod
    def _refused(request, filterset) -> None:
        """A message naming each filter of the URL whose value is not valid (a NUL byte, a
        date that is none); the list is shown without it."""
        if filterset.is_bound and not filterset.is_valid():
            for name in filterset.form.errors:
                messages.error(request, _("The filter “%(name)s” is not valid.")
                               % {"name": name})
