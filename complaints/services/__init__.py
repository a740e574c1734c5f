"""Every write of a complaint (篇二 §7), one module per subject:

- intake: register (staff or the public web form), correct the intake, assign the handler and
  the production co-handler, the first response, incidents, attachments (§7.1);
- handling: production's part (§7.2), the handling result, its submission to the general
  manager, and the approval engine's moves (§7.2, §7.3);
- office: the feedback (copied to an incident's linked complaints), the call-back (回访) and
  closing; a dissatisfied call-back reopens (重办).

Each service acting on an existing complaint locks its row and enforces complaints.actions
(PermissionDenied for the wrong user, ValidationError naming the status for the wrong state),
saves through core.services.save_recorded with the acting user and a reason, and appends the
timeline's ComplaintEvent in the same transaction. Import the names below from
`complaints.services`.
"""

from complaints.services.handling import (
    RESULT_FIELDS,
    complaint_on_approval,
    complaint_problems,
    complaint_record_co_handling,
    complaint_record_result,
    complaint_submit,
)
from complaints.services.intake import (
    EDITABLE_FIELDS,
    complaint_assign,
    complaint_attach,
    complaint_link_incident,
    complaint_mark_incident,
    complaint_register,
    complaint_register_web,
    complaint_respond,
    complaint_update,
)
from complaints.services.office import (
    complaint_close,
    complaint_record_callback,
    complaint_record_feedback,
)

__all__ = [
    "EDITABLE_FIELDS", "RESULT_FIELDS",
    "complaint_assign", "complaint_attach", "complaint_close", "complaint_link_incident",
    "complaint_mark_incident", "complaint_on_approval", "complaint_problems",
    "complaint_record_callback", "complaint_record_co_handling", "complaint_record_feedback",
    "complaint_record_result", "complaint_register", "complaint_register_web",
    "complaint_respond", "complaint_submit", "complaint_update",
]
