from django.urls import include, path

from tests.testapp import views

urlpatterns = [
    path("memo/<int:pk>/", views.MemoDetailView.as_view(), name="memo-detail"),
    path("memo/<int:pk>/rename/", views.memo_rename, name="memo-rename"),
    path("test/applications/<int:pk>/", views.ApplicationDetailView.as_view(),
         name="application-detail"),
    path("memo/<int:pk>/attachments/<int:number>/", views.MemoAttachmentDownloadView.as_view(),
         name="memo-attachment"),
    path("memo/<int:pk>/attachments/", views.MemoAttachmentUploadView.as_view(),
         name="memo-attachment-upload"),
    path("memo/<int:pk>/attachments/<int:number>/void/", views.MemoAttachmentVoidView.as_view(),
         name="memo-attachment-void"),
    path("", include("archive_mgmt.urls")),
]
