"""The report's URLs (issue 12, part B)."""

from django.urls import path

from complaints.surveys.views import report, report_actions

urlpatterns = [
    path("reports/", report.ReportListView.as_view(), name="reports"),
    path("reports/<int:pk>/", report.ReportDetailView.as_view(), name="report"),
    path("reports/<int:pk>/pdf/", report.ReportPdfView.as_view(), name="report_pdf"),
    path("reports/<int:pk>/edit/", report_actions.ReportEditView.as_view(), name="report_edit"),
    path(
        "reports/<int:pk>/submit/", report_actions.ReportSubmitView.as_view(), name="report_submit"
    ),
    path(
        "reports/<int:pk>/distribute/",
        report_actions.ReportDistributeView.as_view(),
        name="report_distribute",
    ),
    path(
        "reports/<int:pk>/confirm/",
        report_actions.ReportConfirmView.as_view(),
        name="report_confirm",
    ),
    path("reports/<int:pk>/answers/", report.ReportAnswersView.as_view(), name="report_answers"),
    path(
        "reports/<int:pk>/answers/<int:answer_pk>/tags/",
        report_actions.AnswerTagView.as_view(),
        name="report_answer_tags",
    ),
    path(
        "campaigns/<int:pk>/report/",
        report_actions.ReportCreateView.as_view(),
        name="report_create",
    ),
]
