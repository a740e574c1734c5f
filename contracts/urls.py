from django.urls import path

from contracts import views

app_name = "contracts"

urlpatterns = [
    path("<int:pk>/", views.ContractDetailView.as_view(), name="detail"),
    path("<int:pk>/do/<slug:action>/", views.ContractActionView.as_view(), name="action"),
]
