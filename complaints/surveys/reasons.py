"""The history reasons of the satisfaction surveys (core.reasons): the required levels and the
corrective/preventive actions. The words core shares ("drafted", "closed") keep core's label."""

from django.utils.translation import gettext_lazy as _

from core.reasons import REASONS

REASONS.register(
    {
        "required_level_set": _("Required level set"),
        "initial_level": _("Level in force before the first change"),
        "capa_drafted_below_level": _("Drafted: below the required level"),
        "capa_opened_by_hand": _("Opened by hand"),
        "capa_assigned": _("Assigned"),
        "capa_assignment_corrected": _("Assignment corrected"),
        "capa_completed": _("Reported done by the owner"),
        "capa_verified": _("Verified by the office"),
        "capa_sent_back": _("Sent back to the owner"),
        "capa_effective": _("Effectiveness check: effective"),
        "capa_ineffective": _("Effectiveness check: not effective"),
    }
)
