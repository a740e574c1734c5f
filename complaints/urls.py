"""Complaint pages (issue 11). The views are imported by module: complaints/views/ is shared
by the staff pages (list, detail, intake, actions) and these (public form, PDF, dashboard)."""

from django.urls import path

from complaints import views
from complaints.views import dashboard, pdf, public

app_name = "complaints"

urlpatterns = [
    path("", views.ComplaintListView.as_view(), name="list"),
    path("new/", views.ComplaintCreateView.as_view(), name="create"),
    path("new/customers/", views.CustomerSuggestView.as_view(), name="customer_suggest"),
    path("<int:pk>/", views.ComplaintDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ComplaintEditView.as_view(), name="edit"),
    # One URL per action of complaints.actions (the button's data-action names it).
    path("<int:pk>/assign/", views.ComplaintAssignView.as_view(), name="assign"),
    path("<int:pk>/respond/", views.ComplaintRespondView.as_view(), name="respond"),
    path("<int:pk>/mark-incident/", views.ComplaintMarkIncidentView.as_view(),
         name="mark_incident"),
    path("<int:pk>/link-incident/", views.ComplaintLinkIncidentView.as_view(),
         name="link_incident"),
    path("<int:pk>/co-handling/", views.ComplaintCoHandlingView.as_view(),
         name="record_co_handling"),
    path("<int:pk>/result/", views.ComplaintResultView.as_view(), name="record_result"),
    path("<int:pk>/submit/", views.ComplaintSubmitView.as_view(), name="submit"),
    path("<int:pk>/feedback/", views.ComplaintFeedbackView.as_view(), name="record_feedback"),
    path("<int:pk>/callback/", views.ComplaintCallbackView.as_view(), name="record_callback"),
    path("<int:pk>/close/", views.ComplaintCloseView.as_view(), name="close"),
    path("<int:pk>/files/", views.ComplaintUploadView.as_view(), name="upload"),
    path("<int:pk>/files/<int:number>/", views.ComplaintFileView.as_view(), name="file"),
    path("<int:pk>/files/<int:number>/void/", views.ComplaintVoidFileView.as_view(),
         name="file_void"),
    path("public/", public.PublicComplaintView.as_view(), name="public"),
    path("public/thanks/", public.PublicComplaintThanksView.as_view(), name="public_thanks"),
    path("dashboard/", dashboard.ComplaintDashboardView.as_view(), name="dashboard"),
    path("dashboard/pdf/", dashboard.ComplaintDashboardPdfView.as_view(),
         name="dashboard_pdf"),
    path("<int:pk>/pdf/", pdf.ComplaintPdfView.as_view(), name="pdf"),
]
