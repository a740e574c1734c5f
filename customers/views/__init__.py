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
from customers.views.confirm import (
    AccountStatusView,
    CustomerStatusView,
    EntryEditView,
    EntryVoidView,
)
from customers.views.imports import CustomerImportTemplateView, CustomerImportView
from customers.views.notice_requests import (
    NoticeRequestCreateView,
    NoticeRequestDeclineView,
    NoticeRequestIssueView,
    NoticeRequestListView,
)
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
    "AccountStatusView",
    "CustomerActionView",
    "CustomerCreateView",
    "CustomerDetailView",
    "CustomerImportTemplateView",
    "CustomerImportView",
    "CustomerListView",
    "CustomerStatusView",
    "CustomerUpdateView",
    "NoticeDetailView",
    "NoticeFileView",
    "EntryEditView",
    "EntryVoidView",
    "NoticeListView",
    "NoticeRequestCreateView",
    "NoticeRequestDeclineView",
    "NoticeRequestIssueView",
    "NoticeRequestListView",
    "NoticeUploadView",
    "NoticeVoidFileView",
]
