"""The report's writes, one small view each: create (from a campaign), edit the draft, submit
it, confirm receipt, tag a free-text answer. Each fetches through the selectors (404 when
invisible), asks complaints.surveys.actions.report first (403 for the wrong user; the wrong
state is a message, the page may be older than the report), then calls one service."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from complaints.surveys.actions.report import report_action_require
from complaints.surveys.forms.report import DistributeForm, ReportForm, SubmitForm, TagForm
from complaints.surveys.selectors.access import runs_surveys
from complaints.surveys.selectors.report import (
    campaign_for_report,
    departments_to_add,
    report_for_campaign,
    report_get,
    text_answer_get,
)
from complaints.surveys.services import report as services
from core.forms import apply_validation_error, form_error_text, validation_error_text


class ReportCreateView(LoginRequiredMixin, View):
    """POST: the office drafts the report of the campaign (or opens the one it has)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        campaign = campaign_for_report(user=request.user, pk=pk)
        existing = report_for_campaign(campaign)
        if existing is not None:
            return redirect(existing)
        if not runs_surveys(request.user):
            raise PermissionDenied
        try:
            report = services.report_create(campaign=campaign, by=request.user)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
            return redirect("surveys:reports")
        messages.success(request, _("The report has been drafted."))
        return redirect("surveys:report_edit", report.pk)


class ReportEditView(LoginRequiredMixin, View):
    """GET/POST: the office edits the draft's text and distribution."""

    http_method_names = ["get", "post"]
    template_name = "surveys/report/edit.html"

    def _report(self, request, pk):
        report = report_get(user=request.user, pk=pk)
        try:
            report_action_require(user=request.user, report=report, action="edit")
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
            return report, False
        return report, True

    def get(self, request, pk):
        report, editable = self._report(request, pk)
        if not editable:
            return redirect(report)
        form = ReportForm(
            initial={
                "title": report.title,
                "commentary": report.commentary,
                "conclusions": report.conclusions,
                "departments": services.distribution_ids(report),
            }
        )
        return self._render(request, report, form)

    def post(self, request, pk):
        report, editable = self._report(request, pk)
        if not editable:
            return redirect(report)
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.report_update(report=report, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The report has been saved."))
                return redirect(report)
        return self._render(request, report, form, status=400)

    def _render(self, request, report, form, status=200):
        return render(
            request,
            self.template_name,
            {"report": report, "form": form, "surveys_tab": "reports"},
            status=status,
        )


class _ReportActionView(LoginRequiredMixin, View):
    http_method_names = ["post"]
    action = ""

    def post(self, request, pk):
        report = report_get(user=request.user, pk=pk)
        try:
            report_action_require(user=request.user, report=report, action=self.action)
            message = self.perform(request, report)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, message)
        return self.done(report)

    def done(self, report):
        return redirect(report)

    def perform(self, request, report) -> str:
        raise NotImplementedError


class ReportSubmitView(_ReportActionView):
    """The office submits the draft to the general manager."""

    action = "submit"

    def perform(self, request, report) -> str:
        form = SubmitForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form_error_text(form))
        services.report_submit(report=report, by=request.user, comment=form.cleaned_data["comment"])
        return _("The report has been submitted to the general manager.")


class ReportConfirmView(_ReportActionView):
    """A department head confirms the receipt of the approved report."""

    action = "confirm"

    def perform(self, request, report) -> str:
        services.report_confirm_receipt(report=report, by=request.user)
        return _("Receipt confirmed.")


class ReportDistributeView(_ReportActionView):
    """The office sends the approved report to more departments."""

    action = "distribute"

    def perform(self, request, report) -> str:
        form = DistributeForm(request.POST, queryset=departments_to_add(report))
        if not form.is_valid():
            raise ValidationError(form_error_text(form))
        receipts = services.report_distribute(
            report=report, by=request.user, departments=form.cleaned_data["departments"]
        )
        return ngettext(
            "The report has been sent to %(count)s more department.",
            "The report has been sent to %(count)s more departments.",
            len(receipts),
        ) % {"count": len(receipts)}


class AnswerTagView(_ReportActionView):
    """The office sets the tags of a free-text answer."""

    action = "tag"

    def post(self, request, pk, answer_pk):
        self.answer_pk = answer_pk
        return super().post(request, pk)

    def perform(self, request, report) -> str:
        answer = text_answer_get(user=request.user, report=report, pk=self.answer_pk)
        form = TagForm(request.POST, prefix=f"a{answer.pk}")
        if not form.is_valid():
            raise ValidationError(form_error_text(form))
        services.answer_set_tags(
            report=report, answer=answer, by=request.user, tags=form.cleaned_data["tags"]
        )
        return _("The answer's tags have been saved.")

    def done(self, report):
        return redirect("surveys:report_answers", report.pk)
