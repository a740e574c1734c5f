"""The project's URLs with the contract print and verification pages mounted under the
"contracts" namespace, as contracts/urls.py will include them."""

from django.urls import include, path

import contracts.print_urls
import contracts.urls

urlpatterns = [
    path("contracts/", include((contracts.urls.urlpatterns + contracts.print_urls.urlpatterns,
                                "contracts"))),
    path("", include("archive_mgmt.urls")),
]
