from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Approvals")

    def ready(self):
        from approvals import (
            conditions,  # noqa: F401 - registers the built-in condition
            reasons,  # noqa: F401 - registers the history reasons
        )
        from core.navigation import NavItem, register

        register(NavItem(_("Approval inbox"), "approvals:inbox", order=10,
                         badge="approvals.selectors.inbox_count",
                         badge_url_name="approvals:badge"))
