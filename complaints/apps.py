from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import GM, MARKET_MANAGER, OFFICE, PRODUCTION, SALES_DIRECTOR, STAFF

# Who finds complaints in the menu (篇二 §7): the business departments that receive and handle
# them, production (quality complaints), the office (feedback), the general manager (approval)
# and the sales director (reads every customer). Anyone else reaching a complaint (a grant on
# its customer) opens it from the customer's 投诉 tab; the list shows each user only the
# complaints complaints.selectors lets them see.
MENU_ROLES = frozenset({STAFF, MARKET_MANAGER, GM, OFFICE, PRODUCTION, SALES_DIRECTOR})


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from complaints import (
            approval_conditions,  # noqa: F401 - registers the route condition
            approval_targets,  # noqa: F401 - registers the complaint's approval protocol
            reasons,  # noqa: F401 - registers the history reasons and access-log bases
        )
        from complaints.tiles import tiles
        from core import home
        from core.navigation import NavItem, register

        register(NavItem(_("Complaints"), "complaints:list", order=40, roles=MENU_ROLES))
        for tile in tiles():
            home.register(tile)
