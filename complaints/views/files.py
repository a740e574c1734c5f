"""Attachments of a complaint (core attachment store): whoever sees the complaint reads them;
attaching and voiding is the `attach` action of complaints.actions (those working on it, until
it is closed)."""

from django.core.exceptions import PermissionDenied

from complaints.actions import complaint_may
from complaints.selectors import complaint_get
from core.attachment_views import AttachmentDownloadView, AttachmentUploadView, AttachmentVoidView


class _ComplaintRecordMixin:
    def get_record(self, request, **kwargs):
        return complaint_get(user=request.user, pk=kwargs["pk"])

    def _require_attach(self, request, complaint):
        if not complaint_may(user=request.user, complaint=complaint, action="attach"):
            raise PermissionDenied


class ComplaintFileView(_ComplaintRecordMixin, AttachmentDownloadView):
    pass


class ComplaintUploadView(_ComplaintRecordMixin, AttachmentUploadView):
    def check_upload_permission(self, request, record):
        self._require_attach(request, record)


class ComplaintVoidFileView(_ComplaintRecordMixin, AttachmentVoidView):
    def check_void_permission(self, request, record):
        self._require_attach(request, record)
