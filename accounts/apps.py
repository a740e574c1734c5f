from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from accounts import (
            approval_conditions,  # noqa: F401 - registers the conditions
            approval_targets,  # noqa: F401 - registers the role change's approval protocol
            reasons,  # noqa: F401 - registers the history reasons and access-log bases
            signals,  # noqa: F401
        )
