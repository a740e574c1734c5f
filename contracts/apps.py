from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import BUDGET, GM, SYSADMIN


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self):
        from contracts import (
            approval_conditions,  # noqa: F401 - registers the conditions
            approval_targets,  # noqa: F401 - registers the contract's approval protocol
            reasons,  # noqa: F401 - registers the history reasons and access-log bases
        )
        from contracts.tiles import tiles
        from core import home
        from core.navigation import NavItem, register

        register(NavItem(_("Contracts"), "contracts:list", order=30))
        register(NavItem(_("Budgets"), "contracts:budgets", order=35,
                         roles=frozenset({BUDGET})))
        # The contracts' 甲方 (issue 13, point 5): contracts.actions.company_profile_may_edit.
        register(NavItem(_("Company profile"), "contracts:company", order=36,
                         roles=frozenset({GM, SYSADMIN})))
        for tile in tiles():
            home.register(tile)
