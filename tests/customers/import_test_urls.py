"""The project's URLs plus the customer import under customers/import/, as the root URLconf
will include it."""

from django.urls import include, path

urlpatterns = [
    path("customers/import/", include("customers.import_urls", namespace="customers_import")),
    path("", include("archive_mgmt.urls")),
]
