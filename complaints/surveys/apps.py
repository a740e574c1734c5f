from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "complaints.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self):
        from complaints.surveys import (
            approval_conditions,  # noqa: F401 - the report's route
            reasons,  # noqa: F401 - registers the history reasons
            receivers,  # noqa: F401 - what follows an approved report
        )
        from complaints.surveys.tiles import tiles
        from core import home

        for tile in tiles():
            home.register(tile)
