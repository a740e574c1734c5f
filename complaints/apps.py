from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from complaints import (
            approval_conditions,  # noqa: F401 - registers the route condition
            approval_targets,  # noqa: F401 - registers the complaint's approval protocol
        )
