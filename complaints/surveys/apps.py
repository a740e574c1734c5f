from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "complaints.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self):
        from accounts.roles import GM, OFFICE
        from complaints.surveys import (
            approval_conditions,  # noqa: F401 - the report's route
            approval_targets,  # noqa: F401 - the report as an approval target
            reasons,  # noqa: F401 - registers the history reasons
            receivers,  # noqa: F401 - what follows an approved report
        )
        from complaints.surveys.tiles import tiles
        from core.home import register as register_tile
        from core.navigation import NavItem, register

        register(NavItem(_("Satisfaction surveys"), "surveys:campaigns", order=45,
                         roles=frozenset({OFFICE, GM})))
        for tile in tiles():
            register_tile(tile)
