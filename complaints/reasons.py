"""The history reasons and access-log bases of the complaints (core.reasons): the timeline's
event codes (ComplaintEvent.Code; the words core shares, such as "approved", keep core's
label) and the reasons of the complaint's parts."""

from django.utils.translation import gettext_lazy as _

from complaints.models import ComplaintEvent
from core.reasons import BASES, REASONS

REASONS.register({
    **dict(ComplaintEvent.Code.choices),
    "co_handling_recorded": _("Production's part recorded"),
    "feedback_recorded": _("Feedback recorded"),
    "callback_recorded": _("Call-back recorded"),
    "rejected_back_to_handling": _("Rejected: back to handling"),
    "withdrawn_back_to_handling": _("Withdrawn: back to handling"),
}, aliases={
    "co-handling recorded": "co_handling_recorded",
    "call-back recorded": "callback_recorded",
    "rejected: back to handling": "rejected_back_to_handling",
    "withdrawn: back to handling": "withdrawn_back_to_handling",
})

BASES.register({
    "complaint_list_export": _("export of the complaint list"),
})
