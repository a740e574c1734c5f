"""Complaint pages (issue 11). The views are imported by module: complaints/views/ is shared
by the staff pages (list, detail, intake, actions) and these (public form, PDF, dashboard)."""

from django.urls import path

from complaints.views import dashboard, pdf, public

app_name = "complaints"

urlpatterns = [
    path("public/", public.PublicComplaintView.as_view(), name="public"),
    path("public/thanks/", public.PublicComplaintThanksView.as_view(), name="public_thanks"),
    path("dashboard/", dashboard.ComplaintDashboardView.as_view(), name="dashboard"),
    path("dashboard/pdf/", dashboard.ComplaintDashboardPdfView.as_view(),
         name="dashboard_pdf"),
    path("<int:pk>/pdf/", pdf.ComplaintPdfView.as_view(), name="pdf"),
]
