from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import MARKET_MANAGER, PLANNING, STAFF


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customer archives")

    def ready(self):
        from core import home
        from core.navigation import NavItem, register
        from customers import (
            approval_conditions,  # noqa: F401 - registers the conditions
            approval_targets,  # noqa: F401 - registers the approval protocols
            reasons,  # noqa: F401 - registers the history reasons and access-log bases
        )
        from customers.tiles import tiles

        register(NavItem(_("Customers"), "customers:list", order=20))
        register(NavItem(_("Delivery notices"), "customers:notice_list", order=25,
                         roles=frozenset({PLANNING, STAFF, MARKET_MANAGER})))
        # 第七条: the staff's requests for a notice, open ones counted for planning.
        register(NavItem(_("Notice requests"), "customers:notice_request_list", order=26,
                         roles=frozenset({PLANNING}),
                         badge="customers.notice_selectors.notice_request_open_count"))
        for tile in tiles():
            home.register(tile)
