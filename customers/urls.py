from django.urls import path

from customers import views

app_name = "customers"

urlpatterns = [
    path("", views.CustomerListView.as_view(), name="list"),
    path("new/", views.CustomerCreateView.as_view(), name="create"),
    # Before the patterns with a customer's id, so that these paths never reach them.
    path("import/", views.CustomerImportView.as_view(), name="import"),
    path("import/template/", views.CustomerImportTemplateView.as_view(), name="import_template"),
    path("<int:pk>/", views.CustomerDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CustomerUpdateView.as_view(), name="edit"),
    path("<int:pk>/do/<slug:action>/", views.CustomerActionView.as_view(), name="action"),
    path("<int:pk>/status/<slug:change>/", views.CustomerStatusView.as_view(), name="status"),
    path("<int:pk>/accounts/open/", views.AccountOpenView.as_view(), name="account_open"),
    path("<int:pk>/notice-request/", views.NoticeRequestCreateView.as_view(),
         name="notice_request"),
    path("accounts/<int:pk>/", views.AccountDetailView.as_view(), name="account_detail"),
    path("accounts/<int:pk>/do/<slug:action>/", views.AccountActionView.as_view(),
         name="account_action"),
    path("accounts/<int:pk>/status/<slug:change>/", views.AccountStatusView.as_view(),
         name="account_status"),
    path("accounts/<int:pk>/<slug:kind>/<int:item>/edit/", views.EntryEditView.as_view(),
         name="entry_edit"),
    path("accounts/<int:pk>/<slug:kind>/<int:item>/void/", views.EntryVoidView.as_view(),
         name="entry_void"),
    path("accounts/<int:pk>/sheet.pdf", views.AccountSheetView.as_view(), name="account_sheet"),
    path("notices/", views.NoticeListView.as_view(), name="notice_list"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="notice_detail"),
    # Planning's list of requests: ?status=open (the default), issued, declined or all.
    path("notices/requests/", views.NoticeRequestListView.as_view(),
         name="notice_request_list"),
    path("notices/requests/<int:pk>/issue/", views.NoticeRequestIssueView.as_view(),
         name="notice_request_issue"),
    path("notices/requests/<int:pk>/decline/", views.NoticeRequestDeclineView.as_view(),
         name="notice_request_decline"),
    path("notices/<int:pk>/files/", views.NoticeUploadView.as_view(), name="notice_upload"),
    path("notices/<int:pk>/files/<int:number>/", views.NoticeFileView.as_view(),
         name="notice_file"),
    path("notices/<int:pk>/files/<int:number>/void/", views.NoticeVoidFileView.as_view(),
         name="notice_file_void"),
    path("access-requests/", views.AccessRequestCreateView.as_view(), name="access_request"),
    path("access-requests/<int:pk>/", views.AccessRequestDetailView.as_view(),
         name="access_request_detail"),
]
