"""Root URLs: the staff pages of each app, the admin, and the language switch."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "档案信息管理"
admin.site.site_title = "档案信息管理"

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("approvals/", include("approvals.urls")),
    path("customers/", include("customers.urls")),
    path("contracts/", include("contracts.urls")),
    path("complaints/", include("complaints.urls")),
    path("surveys/", include("complaints.surveys.urls")),
    path("notifications/", include("notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
