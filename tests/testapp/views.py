"""Test-only views showing how real views use the core pieces."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.views.generic import DetailView

from core.access import AccessLoggedMixin
from core.history import history_entries
from core.permissions import get_visible_or_404
from core.reasons import reason
from tests.testapp.models import Memo


class MemoDetailView(LoginRequiredMixin, AccessLoggedMixin, DetailView):
    model = Memo

    def get_object(self, queryset=None):
        return get_visible_or_404(self.request.user, "testapp.view_memo", Memo.objects.all(),
                                  pk=self.kwargs["pk"])

    def get_access_grant(self):
        return "test_grant"

    def render_to_response(self, context, **response_kwargs):
        from django.template.loader import render_to_string

        html = render_to_string("includes/history.html",
                                {"entries": history_entries(self.object)}, request=self.request)
        return HttpResponse(html)


def memo_rename(request, pk):
    """Changes a memo through a request, so the history middleware supplies the user."""
    memo = Memo.objects.get(pk=pk)
    memo.title = request.POST["title"]
    memo._change_reason = reason("changed", request.POST.get("reason", ""))
    memo.save()
    return HttpResponse("ok")


class ApplicationDetailView(LoginRequiredMixin, DetailView):
    """Shows how a target's page includes the route preview and the approval timeline."""

    from tests.testapp.models import Application

    model = Application
    template_name = "testapp/application_detail.html"



# Attachments: how an app configures the core views (appended; imports kept with them).
from django.urls import reverse  # noqa: E402

from core.attachment_views import (  # noqa: E402
    AttachmentDownloadView,
    AttachmentUploadView,
    AttachmentVoidView,
)
from core.permissions import require_perm  # noqa: E402


class MemoAttachmentMixin:
    """A memo's attachments: visible with testapp.view_memo, changed with testapp.change_memo."""

    def get_record(self, request, **kwargs):
        return get_visible_or_404(request.user, "testapp.view_memo", Memo.objects.all(),
                                  pk=kwargs["pk"])

    def get_fallback_url(self, request, record):
        return reverse("memo-detail", args=[record.pk])


class MemoAttachmentDownloadView(MemoAttachmentMixin, AttachmentDownloadView):
    def get_access_grant(self, request, record):
        return "test_grant"


class MemoAttachmentUploadView(MemoAttachmentMixin, AttachmentUploadView):
    def check_upload_permission(self, request, record):
        require_perm(request.user, "testapp.change_memo", record)


class MemoAttachmentVoidView(MemoAttachmentMixin, AttachmentVoidView):
    def check_void_permission(self, request, record):
        require_perm(request.user, "testapp.change_memo", record)
