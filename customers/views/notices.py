"""Gas delivery notices of 规划建设部 and their acceptance drawings (第七条)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import PLANNING
from core.attachment_views import AttachmentDownloadView, AttachmentUploadView, AttachmentVoidView
from core.forms import apply_validation_error
from core.listing import Listing
from customers import forms, services
from customers.filters import NOTICE_SORTS, NoticeFilter
from customers.models import (
    GasDeliveryNotice,
)
from customers.selectors import notice_may_attach
from customers.views.common import PAGE_SIZE


# --- Delivery notices (规划建设部) -------------------------------------------------------------
def _notice_page(request) -> dict:
    """The list's filtered, sorted page and its links (core.listing)."""
    filterset = NoticeFilter(request.GET or None, request=request,
                             queryset=GasDeliveryNotice.objects.all())
    listing = Listing(request, sorts=NOTICE_SORTS, default="-issued", page_size=PAGE_SIZE)
    page = listing.paginate(filterset.qs.select_related("premises", "issued_by")
                            .order_by(*listing.order_by))
    return {**listing.context(page), "filters": filterset.form}


class NoticeListView(LoginRequiredMixin, View):
    template_name = "customers/notice_list.html"

    def get(self, request):
        return render(
            request,
            self.template_name,
            {
                **_notice_page(request),
                "can_issue": request.user.has_role(PLANNING),
                "form": forms.NoticeForm(initial={"issued_on": timezone.localdate()}),
                "premises_form": forms.PremisesForm(),
            },
        )

    def post(self, request):
        if not request.user.has_role(PLANNING):
            raise PermissionDenied
        form = forms.NoticeForm(request.POST)
        premises_form = forms.PremisesForm(request.POST)
        if form.is_valid() and premises_form.is_valid():
            try:
                premises = services.premises_create(by=request.user, **premises_form.cleaned_data)
                notice = services.notice_issue(
                    premises=premises, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Delivery notice %(number)s issued: attach the acceptance drawings.")
                    % {"number": notice.number},
                )
                return redirect(notice)
        return render(
            request,
            self.template_name,
            {**_notice_page(request), "can_issue": True, "form": form,
             "premises_form": premises_form},
            status=400,
        )


class NoticeDetailView(LoginRequiredMixin, View):
    template_name = "customers/notice_detail.html"

    def get(self, request, pk):
        from core.attachments import attachments_for

        notice = get_object_or_404(
            GasDeliveryNotice.objects.select_related("premises", "issued_by"), pk=pk
        )
        may_attach = notice_may_attach(notice=notice, user=request.user)
        return render(
            request,
            self.template_name,
            {
                "notice": notice,
                "attachments": attachments_for(notice),
                "upload_url": reverse("customers:notice_upload", args=[notice.pk])
                if may_attach
                else "",
                "void_url_name": "customers:notice_file_void" if may_attach else "",
            },
        )


# --- Acceptance drawings of a delivery notice -------------------------------------------------
class _NoticeRecordMixin:
    """Notices are not confidential: every signed-in user may read them; only 规划建设部 attaches
    or voids drawings."""

    def get_record(self, request, **kwargs):
        return get_object_or_404(GasDeliveryNotice, pk=kwargs["pk"])

    def _require_planning(self, request, notice):
        if not notice_may_attach(notice=notice, user=request.user):
            raise PermissionDenied


class NoticeFileView(_NoticeRecordMixin, AttachmentDownloadView):
    pass


class NoticeUploadView(_NoticeRecordMixin, AttachmentUploadView):
    def check_upload_permission(self, request, record):
        self._require_planning(request, record)


class NoticeVoidFileView(_NoticeRecordMixin, AttachmentVoidView):
    def check_void_permission(self, request, record):
        self._require_planning(request, record)
