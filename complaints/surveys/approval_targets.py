"""The satisfaction survey report as an approval target (篇二 §6 c): the general manager
approves it; the engine moves it through complaints.surveys.services.report. Registered in
SurveysConfig.ready(); see approvals/targets.py for the protocol."""

from django.utils.translation import gettext_lazy as _

from approvals.targets import ApprovalTarget, register_target
from complaints.surveys.models import SurveyReport
from complaints.surveys.services.report import report_on_approval


class SurveyReportTarget(ApprovalTarget):
    def summary(self, report: SurveyReport) -> dict:
        overall = (report.figures.get("overall") or {}).get("index")
        title = _("Satisfaction survey report %(number)s: %(title)s") % {
            "number": report.number,
            "title": report.title,
        }
        if overall is not None:
            title = f"{title} ({overall})"
        return {"title": title, "number": report.number}

    def submitted(self, report: SurveyReport, *, request, by) -> None:
        report_on_approval(report=report, milestone="submitted", request=request, by=by)

    def approved(self, report: SurveyReport, *, request, by) -> None:
        report_on_approval(report=report, milestone="approved", request=request, by=by)

    def rejected(self, report: SurveyReport, *, request, by) -> None:
        report_on_approval(report=report, milestone="rejected", request=request, by=by)

    def withdrawn(self, report: SurveyReport, *, request, by) -> None:
        report_on_approval(report=report, milestone="withdrawn", request=request, by=by)


register_target(SurveyReport, SurveyReportTarget())
