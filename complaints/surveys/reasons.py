"""The history reasons of the satisfaction surveys (core.reasons): questionnaires, campaigns,
samples and answers, the report, the required levels and the corrective/preventive actions.
The words core shares ("drafted", "approved", "changed") keep core's label."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from complaints.surveys.models import Response
from core.reasons import BASES, REASONS

# The basis of a customer read by the office or the GM through a survey (第十一条 read log).
BASES.register({"satisfaction_survey": _("satisfaction survey")})

REASONS.register({
    "questionnaire_edited": _("Questionnaire edited"),
    "question_edited": _("Question edited"),
    "questionnaire_new_version": _("New version of the questionnaire"),
    "questionnaire_versioned": _("Copied into the new version"),
    "campaign_planned": _("Campaign planned"),
    "campaign_plan_edited": _("Campaign plan edited"),
    "sampling_frame_frozen": _("Sampling frame frozen"),
    "sample_drawn": _("Sample drawn"),
    "sampled": _("Sampled"),
    "collection_started": _("Collection started"),
    "collection_ended": _("Collection ended"),
    "collection_reopened": _("Collection reopened"),
    "collection_ended_report_submitted": _("Collection ended: report submitted"),
    "completed_report_approved": _("Completed: report approved"),
    "invited": _("Invited"),
    "web_link_reissued": _("Web link issued again"),
    "reminded": _("Reminded"),
    "refused": _("Refused"),
    "unreachable": _("Unreachable"),
    "answered": _("Answered"),
    **{f"answered_{value}": format_lazy(_("Answered ({channel})"), channel=label)
       for value, label in Response.Channel.choices},
    "tagged": _("Tagged"),
    "created_by_tagging": _("Created by tagging an answer"),
    "sent": _("Sent"),
    "receipt_confirmed": _("Receipt confirmed"),
    "rejected_back_to_draft": _("Rejected: back to draft"),
    "withdrawn_back_to_draft": _("Withdrawn: back to draft"),
})

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
