"""Contract pages, by subject: the lists, drafting (create, edit, the departments' data, the
route preview), the contract page, one POST view per action, attachments, budgets, printing.
Each view fetches through the selectors (404 when the user may not see the contract), asks
contracts.actions (403 for the wrong user, a message for the wrong state), and calls one
service."""

from contracts.views.actions import (
    ContractAmendView,
    ContractCompleteView,
    ContractHandoverView,
    ContractReceiveView,
    ContractSignAmendmentView,
    ContractSignView,
    ContractSubmitView,
    ContractTerminateView,
    ContractVoidView,
    InstallmentPayView,
)
from contracts.views.budgets import BudgetFileView, BudgetListView, BudgetUploadView
from contracts.views.company import CompanyProfileView
from contracts.views.detail import ContractDetailView
from contracts.views.drafting import (
    ContractCreateView,
    ContractDataView,
    ContractEditView,
    CustomerSearchView,
    RoutePreviewView,
)
from contracts.views.files import ContractFileView, ContractUploadView, ContractVoidFileView
from contracts.views.lists import ContractListView
from contracts.views.printing import ContractPrintView, ContractVerifyView

__all__ = [
    "BudgetFileView",
    "BudgetListView",
    "BudgetUploadView",
    "CompanyProfileView",
    "ContractAmendView",
    "ContractCompleteView",
    "ContractCreateView",
    "ContractDataView",
    "ContractDetailView",
    "ContractEditView",
    "ContractFileView",
    "ContractHandoverView",
    "ContractListView",
    "ContractPrintView",
    "ContractReceiveView",
    "ContractSignAmendmentView",
    "ContractSignView",
    "ContractSubmitView",
    "ContractTerminateView",
    "ContractUploadView",
    "ContractVerifyView",
    "ContractVoidFileView",
    "ContractVoidView",
    "CustomerSearchView",
    "InstallmentPayView",
    "RoutePreviewView",
]
