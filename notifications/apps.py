from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from core import frame

        # The bell's number is one of the frame's, read in one query with the badge's.
        frame.count_provide("notifications_unread", "notifications.selectors.unread_rows_sql")
