from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import MARKET_MANAGER, PLANNING, STAFF


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customer archives")

    def ready(self):
        from core.navigation import NavItem, register
        from customers import (
            approval_conditions,  # noqa: F401 - registers the conditions
            approval_targets,  # noqa: F401 - registers the approval protocols
            reasons,  # noqa: F401 - registers the history reasons and access-log bases
        )

        register(NavItem(_("Customers"), "customers:list", order=20))
        register(NavItem(_("Delivery notices"), "customers:notice_list", order=25,
                         roles=frozenset({PLANNING, STAFF, MARKET_MANAGER})))
