from django.urls import path

from customers import import_views

app_name = "customers_import"

urlpatterns = [
    path("", import_views.CustomerImportView.as_view(), name="import"),
    path("template/", import_views.CustomerImportTemplateView.as_view(), name="template"),
]
