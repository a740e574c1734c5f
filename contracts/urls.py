from django.urls import path

from contracts import views

app_name = "contracts"

urlpatterns = [
    path("", views.ContractListView.as_view(), name="list"),
    path("new/", views.ContractCreateView.as_view(), name="create"),
    path("new/route/", views.RoutePreviewView.as_view(), name="route_preview"),
    path("new/customers/", views.CustomerSearchView.as_view(), name="customer_search"),
    path("company/", views.CompanyProfileView.as_view(), name="company"),
    path("budgets/", views.BudgetListView.as_view(), name="budgets"),
    path("budgets/<int:pk>/files/", views.BudgetUploadView.as_view(), name="budget_upload"),
    path("budgets/<int:pk>/files/<int:number>/", views.BudgetFileView.as_view(),
         name="budget_file"),
    path("<int:pk>/", views.ContractDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ContractEditView.as_view(), name="edit"),
    path("<int:pk>/data/<slug:kind>/", views.ContractDataView.as_view(), name="data"),
    # One URL per action of contracts.actions (the button's data-action names it).
    path("<int:pk>/submit/", views.ContractSubmitView.as_view(), name="submit"),
    path("<int:pk>/sign/", views.ContractSignView.as_view(), name="sign"),
    path("<int:pk>/void/", views.ContractVoidView.as_view(), name="void"),
    path("<int:pk>/pay/", views.InstallmentPayView.as_view(), name="pay"),
    path("<int:pk>/complete/", views.ContractCompleteView.as_view(), name="complete"),
    path("<int:pk>/terminate/", views.ContractTerminateView.as_view(), name="terminate"),
    path("<int:pk>/amend/", views.ContractAmendView.as_view(), name="amend"),
    path("<int:pk>/sign-amendment/", views.ContractSignAmendmentView.as_view(),
         name="sign_amendment"),
    path("<int:pk>/handover/", views.ContractHandoverView.as_view(), name="handover"),
    path("<int:pk>/receive/", views.ContractReceiveView.as_view(), name="receive"),
    path("<int:pk>/files/", views.ContractUploadView.as_view(), name="upload"),
    path("<int:pk>/files/<int:number>/", views.ContractFileView.as_view(), name="file"),
    path("<int:pk>/files/<int:number>/void/", views.ContractVoidFileView.as_view(),
         name="file_void"),
    path("<int:pk>/print/", views.ContractPrintView.as_view(), name="print"),
    path("verify/<str:code>/", views.ContractVerifyView.as_view(), name="verify"),
]
