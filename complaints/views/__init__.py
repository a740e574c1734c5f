"""Complaint pages, by subject: the list (filters, export), the intake and its correction, the
complaint page, one POST view per action, attachments. Each view fetches through the selectors
(404 when the user may not see the complaint), asks complaints.actions (403 for the wrong
user, a message for the wrong state), and calls one service."""

from complaints.views.actions import (
    ComplaintAssignView,
    ComplaintCallbackView,
    ComplaintCloseView,
    ComplaintCoHandlingView,
    ComplaintFeedbackView,
    ComplaintLinkIncidentView,
    ComplaintMarkIncidentView,
    ComplaintRespondView,
    ComplaintResultView,
    ComplaintSubmitView,
)
from complaints.views.detail import ComplaintDetailView
from complaints.views.files import ComplaintFileView, ComplaintUploadView, ComplaintVoidFileView
from complaints.views.intake import ComplaintCreateView, ComplaintEditView, CustomerSuggestView
from complaints.views.lists import ComplaintListView

__all__ = [
    "ComplaintAssignView", "ComplaintCallbackView", "ComplaintCloseView",
    "ComplaintCoHandlingView", "ComplaintCreateView", "ComplaintDetailView",
    "ComplaintEditView", "ComplaintFeedbackView", "ComplaintFileView",
    "ComplaintLinkIncidentView", "ComplaintListView", "ComplaintMarkIncidentView",
    "ComplaintRespondView", "ComplaintResultView", "ComplaintSubmitView",
    "ComplaintUploadView", "ComplaintVoidFileView", "CustomerSuggestView",
]
