"""Print and verification URLs of contracts, to be included under the "contracts" namespace
(no app_name here: contracts/urls.py includes these patterns)."""

from django.urls import path

from contracts import print_views

urlpatterns = [
    path("<int:pk>/print/", print_views.ContractPrintView.as_view(), name="print"),
    path("verify/<str:code>/", print_views.ContractVerifyView.as_view(), name="verify"),
]
