"""Test-only views showing how real views use the core pieces."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.views.generic import DetailView

from core.access import AccessLoggedMixin
from core.history import history_entries
from core.permissions import get_visible_or_404
from tests.testapp.models import Memo


class MemoDetailView(LoginRequiredMixin, AccessLoggedMixin, DetailView):
    model = Memo

    def get_object(self, queryset=None):
        return get_visible_or_404(self.request.user, "testapp.view_memo", Memo.objects.all(),
                                  pk=self.kwargs["pk"])

    def get_access_grant(self):
        return "test grant"

    def render_to_response(self, context, **response_kwargs):
        from django.template.loader import render_to_string

        html = render_to_string("includes/history.html",
                                {"entries": history_entries(self.object)}, request=self.request)
        return HttpResponse(html)


def memo_rename(request, pk):
    """Changes a memo through a request, so the history middleware supplies the user."""
    memo = Memo.objects.get(pk=pk)
    memo.title = request.POST["title"]
    memo._change_reason = request.POST.get("reason", "")
    memo.save()
    return HttpResponse("ok")


class ApplicationDetailView(LoginRequiredMixin, DetailView):
    """Shows how a target's page includes the route preview and the approval timeline."""

    from tests.testapp.models import Application

    model = Application
    template_name = "testapp/application_detail.html"
