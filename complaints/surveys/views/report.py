"""The report pages (issue 12, parts 4, 5 and 7): the list, the report with its analysis,
charts, receipts, free-text answers (office and GM) and approval timeline, and its PDF.
Fetched through complaints.surveys.selectors.report (404 for whoever may not see it); the
buttons are those of complaints.surveys.actions.report.report_actions."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views import View

from complaints.surveys.actions.report import receipts_to_confirm, report_actions
from complaints.surveys.analysis import report_figures
from complaints.surveys.charts import report_charts, svg_data_url
from complaints.surveys.forms.report import DistributeForm, SubmitForm, TagFilterForm, TagForm
from complaints.surveys.pdf import report_pdf
from complaints.surveys.selectors.access import reaches_surveys, sees_respondents
from complaints.surveys.selectors.report import (
    answer_tags,
    campaigns_awaiting_report,
    departments_to_add,
    report_get,
    report_list,
    report_receipts,
    report_rejection,
    text_answers,
)
from complaints.surveys.services.report import PDF_KIND, distribution_ids
from core.attachments import attachment_response, attachments_for
from core.paginator import CappedPaginator

ANSWERS_PER_PAGE = 50


class ReportListView(LoginRequiredMixin, View):
    """GET: the reports the user sees (a department head: those sent to him, the ones he has
    still to confirm first)."""

    http_method_names = ["get"]

    def get(self, request):
        if not reaches_surveys(request.user):
            raise Http404
        reports = list(report_list(user=request.user)[:200])
        return render(
            request,
            "surveys/report/list.html",
            {
                "reports": reports,
                "campaigns": campaigns_awaiting_report(user=request.user),
                "surveys_tab": "reports",
            },
        )


def _answers_context(request, report) -> dict:
    """The free-text answers (office and GM only), filtered by tag, a page at a time."""
    if not sees_respondents(request.user):
        return {}
    form = TagFilterForm(request.GET or None)
    tag = form.cleaned_data["tag"] if form.is_bound and form.is_valid() else ""
    page = CappedPaginator(
        text_answers(user=request.user, report=report, tag=tag), ANSWERS_PER_PAGE
    ).get_page(request.GET.get("page"))
    rows = [
        {
            "answer": answer,
            "tags": ", ".join(t.name for t in answer.tags.all()),
            "form": TagForm(
                prefix=f"a{answer.pk}",
                initial={"tags": ", ".join(t.name for t in answer.tags.all())},
            ),
        }
        for answer in page
    ]
    return {
        "answers_page": page,
        "answer_rows": rows,
        "tag_filter": form,
        "active_tag": tag,
        "tags": list(answer_tags().values_list("name", flat=True)),
    }


class ReportDetailView(LoginRequiredMixin, View):
    http_method_names = ["get"]

    def get(self, request, pk):
        report = report_get(user=request.user, pk=pk)
        figures = report_figures(report)
        actions = report_actions(request.user, report)
        receipts = report_receipts(report)
        chosen = set(distribution_ids(report))
        context = {
            "report": report,
            "campaign": report.campaign,
            "figures": figures,
            "chart_urls": {name: svg_data_url(svg) for name, svg in report_charts(figures).items()},
            "actions": actions,
            "receipts": receipts,
            "to_confirm": receipts_to_confirm(request.user, report),
            "confirmed_count": sum(1 for r in receipts if r.is_confirmed),
            "rejection": report_rejection(report),
            "distribute_form": (
                DistributeForm(queryset=departments_to_add(report))
                if actions["distribute"]
                else None
            ),
            "chosen_departments": _department_names(chosen) if report.is_draft else [],
            "sees_respondents": sees_respondents(request.user),
            "submit_form": SubmitForm(),
            "surveys_tab": "reports",
        }
        return render(request, "surveys/report/detail.html", context)


class ReportAnswersView(LoginRequiredMixin, View):
    """GET: the free-text answers of the report's campaign with their respondent codes, which
    the office classifies with tags (office and GM only: anyone else 404)."""

    http_method_names = ["get"]

    def get(self, request, pk):
        report = report_get(user=request.user, pk=pk)
        if not sees_respondents(request.user):
            raise Http404
        figures = report_figures(report)
        return render(
            request,
            "surveys/report/answers_page.html",
            {
                "report": report,
                "figures": figures,
                "actions": report_actions(request.user, report),
                "surveys_tab": "reports",
                **_answers_context(request, report),
            },
        )


def _department_names(ids) -> list[str]:
    from accounts.models import Department

    return list(
        Department.objects.filter(pk__in=ids).order_by("name").values_list("name", flat=True)
    )


class ReportPdfView(LoginRequiredMixin, View):
    """GET: the approved report as frozen at approval (its attachment), or a draft print of a
    report not approved yet (watermarked)."""

    http_method_names = ["get"]

    def get(self, request, pk):
        report = report_get(user=request.user, pk=pk)
        if report.is_approved:
            frozen = attachments_for(report, include_void=False).filter(kind=PDF_KIND).last()
            if frozen is not None:
                return attachment_response(attachment=frozen, as_attachment=False)
        response = HttpResponse(
            report_pdf(report=report, printed_by=request.user), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{report.number}.pdf"'
        return response
