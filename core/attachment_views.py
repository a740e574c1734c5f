"""Thin views for a record's attachments, to subclass per app (the rules are in core.attachments).

A subclass says which record the URL names and who may see it (`get_record`: 404 when the user
may not see it), and who may upload or void (`check_upload_permission`,
`check_void_permission`: PermissionDenied, a 403, unless allowed; both refuse by default):

    class CustomerAttachmentDownloadView(AttachmentDownloadView):
        def get_record(self, request, **kwargs):
            return customer_get(user=request.user, pk=kwargs["pk"])

URLs take the record's `pk` and the attachment's `number` (its 附件 number).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Model
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.access import access_log_write
from core.attachments import attachment_add, attachment_get, attachment_response, attachment_void
from core.confirm import confirm_page
from core.forms import ConfirmForm, form_error_text, validation_error_text
from core.models import AccessLog, Attachment


class AttachmentUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    kind = forms.CharField(label=gettext_lazy("Kind"), max_length=30, required=False)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)


class AttachmentRecordMixin(LoginRequiredMixin):
    """The owning record of the URL, and where to go back to after a POST."""

    def get_record(self, request, **kwargs) -> Model:
        """The record the URL names, if `request.user` may see it; Http404 otherwise."""
        raise ImproperlyConfigured(f"{type(self).__name__} must implement get_record().")

    def get_fallback_url(self, request, record: Model) -> str:
        return record.get_absolute_url()

    def get_success_url(self, request, record: Model) -> str:
        """`next` from the form when it points into this site, else the record's page."""
        target = request.POST.get("next", "")
        if target and target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return self.get_fallback_url(request, record)


class AttachmentDownloadView(AttachmentRecordMixin, View):
    """GET: the file of 附件`number`, after `get_record` allowed it; logs one AccessLog read."""

    http_method_names = ["get"]
    as_attachment = True
    access_action = AccessLog.Action.VIEW

    def get_access_grant(self, request, record: Model) -> str:
        return ""

    def get(self, request, **kwargs):
        record = self.get_record(request, **kwargs)
        attachment = attachment_get(record=record, number=kwargs["number"])
        response = attachment_response(attachment=attachment, as_attachment=self.as_attachment)
        access_log_write(request=request, obj=record, action=self.access_action,
                         grant=self.get_access_grant(request, record))
        return response


class AttachmentUploadView(AttachmentRecordMixin, View):
    """POST (file, kind, title, next): attach a file, then go back with a message."""

    http_method_names = ["post"]

    def check_upload_permission(self, request, record: Model) -> None:
        """Raise PermissionDenied unless `request.user` may attach files to `record`."""
        raise PermissionDenied

    def post(self, request, **kwargs):
        record = self.get_record(request, **kwargs)
        self.check_upload_permission(request, record)
        form = AttachmentUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, form_error_text(form))
            return redirect(self.get_success_url(request, record))
        try:
            attachment = attachment_add(
                record=record, uploaded_file=form.cleaned_data["file"], by=request.user,
                kind=form.cleaned_data["kind"], title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, _("%(label)s %(name)s was attached.") % {
                "label": attachment.label, "name": attachment.original_name})
        return redirect(self.get_success_url(request, record))


class AttachmentVoidForm(ConfirmForm):
    """Voiding 附件N: the reason (kept on the attachment and in its history) and the tick;
    `next` is the page to go back to."""

    reason_required = True
    reason_label = gettext_lazy("Reason for voiding")
    reason_max_length = 200
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class AttachmentVoidView(AttachmentRecordMixin, View):
    """GET: the confirmation step (core.confirm) of voiding 附件`number`; POST (reason,
    confirm, next): void it, then go back with a message. A POST without the reason or the
    tick is the step again with the error on the field (issue 13, point 7)."""

    http_method_names = ["get", "post"]

    def check_void_permission(self, request, record: Model) -> None:
        """Raise PermissionDenied unless `request.user` may void the attachments of `record`."""
        raise PermissionDenied

    def _page(self, request, record, attachment, form, status=200):
        return confirm_page(
            request, form=form, title=_("Void %(label)s") % {"label": attachment.label},
            record=f"{record} · {attachment.label} {attachment.title or attachment.original_name}",
            cancel_url=self.get_fallback_url(request, record),
            button_label=_("Void"), button_class="btn-danger", action="void_attachment",
            consequence=_("The file stays on record, marked void with your reason."),
            status=status)

    def get(self, request, **kwargs):
        record = self.get_record(request, **kwargs)
        self.check_void_permission(request, record)
        attachment: Attachment = attachment_get(record=record, number=kwargs["number"])
        form = AttachmentVoidForm(initial={"next": request.GET.get("next", "")})
        return self._page(request, record, attachment, form)

    def post(self, request, **kwargs):
        record = self.get_record(request, **kwargs)
        self.check_void_permission(request, record)
        attachment: Attachment = attachment_get(record=record, number=kwargs["number"])
        form = AttachmentVoidForm(request.POST)
        if not form.is_valid():
            return self._page(request, record, attachment, form, status=400)
        try:
            attachment = attachment_void(attachment=attachment, by=request.user,
                                         reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, _("%(label)s was voided.") % {"label": attachment.label})
        return redirect(self.get_success_url(request, record))
