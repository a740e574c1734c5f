"""Pages of the customer archive. Each view fetches through the selectors (404 when the user
may not see the customer), checks the action (403), and calls one service."""

from customers.views.access import AccessRequestCreateView, AccessRequestDetailView
from customers.views.accounts import (
    AccountActionView,
    AccountDetailView,
    AccountOpenView,
    AccountSheetView,
)
from customers.views.archive import (
    CustomerActionView,
    CustomerCreateView,
    CustomerDetailView,
    CustomerListView,
    CustomerUpdateView,
)
from customers.views.imports import CustomerImportTemplateView, CustomerImportView
from customers.views.notices import (
    NoticeDetailView,
    NoticeFileView,
    NoticeListView,
    NoticeUploadView,
    NoticeVoidFileView,
)

__all__ = [
    "AccessRequestCreateView",
    "AccessRequestDetailView",
    "AccountActionView",
    "AccountDetailView",
    "AccountOpenView",
    "AccountSheetView",
    "CustomerActionView",
    "CustomerCreateView",
    "CustomerDetailView",
    "CustomerImportTemplateView",
    "CustomerImportView",
    "CustomerListView",
    "CustomerUpdateView",
    "NoticeDetailView",
    "NoticeFileView",
    "NoticeListView",
    "NoticeUploadView",
    "NoticeVoidFileView",
]
