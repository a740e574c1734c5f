from django.urls import path

from contracts import print_urls, views

app_name = "contracts"

urlpatterns = [
    path("", views.ContractListView.as_view(), name="list"),
    path("new/", views.ContractCreateView.as_view(), name="create"),
    path("new/route/", views.RoutePreviewView.as_view(), name="route_preview"),
    path("budgets/", views.BudgetListView.as_view(), name="budgets"),
    path("budgets/<int:pk>/files/", views.BudgetUploadView.as_view(), name="budget_upload"),
    path("budgets/<int:pk>/files/<int:number>/", views.BudgetFileView.as_view(),
         name="budget_file"),
    path("<int:pk>/pay/", views.InstallmentPayView.as_view(), name="pay"),
    path("<int:pk>/edit/", views.ContractEditView.as_view(), name="edit"),
    path("<int:pk>/data/<slug:kind>/", views.ContractDataView.as_view(), name="data"),
    path("<int:pk>/", views.ContractDetailView.as_view(), name="detail"),
    path("<int:pk>/do/<slug:action>/", views.ContractActionView.as_view(), name="action"),
    path("<int:pk>/finish/<slug:action>/", views.ContractFinishView.as_view(), name="finish"),
    path("<int:pk>/files/", views.ContractUploadView.as_view(), name="upload"),
    path("<int:pk>/files/<int:number>/", views.ContractFileView.as_view(), name="file"),
    path("<int:pk>/files/<int:number>/void/", views.ContractVoidFileView.as_view(),
         name="file_void"),
    *print_urls.urlpatterns,
]
