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
        from core.home import Tile
        from core.home import register as register_tile
        from core.navigation import NavItem, register

        register(NavItem(_("Approval inbox"), "approvals:inbox", order=10,
                         badge="approvals.selectors.inbox_count",
                         badge_url_name="approvals:badge"))
        register_tile(Tile("approvals_waiting", _("Approvals waiting for me"),
                           "approvals.tiles.waiting", "approvals:inbox", order=10))
        register_tile(Tile("approvals_overdue", _("Overdue approvals"),
                           "approvals.tiles.overdue", "approvals:inbox", "overdue=on",
                           order=11, always=False))
