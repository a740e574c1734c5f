"""Attachments of a contract: whoever may see the contract reads them; attaching and voiding
is the `attach` action of contracts.actions (the drafter, until the contract is archived or
void: read-only afterwards, 第十条)."""

from django.core.exceptions import PermissionDenied

from contracts.actions import contract_may
from contracts.selectors import contract_get
from core.attachment_views import AttachmentDownloadView, AttachmentUploadView, AttachmentVoidView


class _ContractRecordMixin:
    def get_record(self, request, **kwargs):
        return contract_get(user=request.user, pk=kwargs["pk"])

    def _require_attach(self, request, contract):
        if not contract_may(user=request.user, contract=contract, action="attach"):
            raise PermissionDenied


class ContractFileView(_ContractRecordMixin, AttachmentDownloadView):
    pass


class ContractUploadView(_ContractRecordMixin, AttachmentUploadView):
    def check_upload_permission(self, request, record):
        self._require_attach(request, record)


class ContractVoidFileView(_ContractRecordMixin, AttachmentVoidView):
    def check_void_permission(self, request, record):
        self._require_attach(request, record)
