"""The complaint as an approval target (篇二 §7.2, §7.3): the general manager approves the
handling result; the engine moves the complaint through complaints.services. Registered in
ComplaintsConfig.ready(); see approvals/targets.py for the protocol."""

from django.utils.translation import gettext_lazy as _

from approvals.targets import ApprovalTarget, register_target
from complaints.models import Complaint
from complaints.services import complaint_on_approval
from core.text import mask_middle


class ComplaintTarget(ApprovalTarget):
    def summary(self, complaint: Complaint) -> dict:
        """The inbox's snapshot, stored for the submitter too (who may not read the customer):
        the complainant's name as given at intake, else the customer's name masked."""
        name = complaint.caller_name or (
            mask_middle(complaint.customer.name, keep_start=1, keep_end=0)
            if complaint.customer_id else "")
        hazard = _("[Safety hazard] ") if complaint.is_safety_hazard else ""
        return {"title": _("%(hazard)sComplaint %(number)s: %(category)s")
                % {"hazard": hazard, "number": complaint.number,
                   "category": complaint.category},
                "number": complaint.number, "customer": name, "amount": complaint.cost}

    def submitted(self, complaint: Complaint, *, request, by) -> None:
        complaint_on_approval(complaint=complaint, milestone="submitted", request=request, by=by)

    def approved(self, complaint: Complaint, *, request, by) -> None:
        complaint_on_approval(complaint=complaint, milestone="approved", request=request, by=by)

    def rejected(self, complaint: Complaint, *, request, by) -> None:
        complaint_on_approval(complaint=complaint, milestone="rejected", request=request, by=by)

    def withdrawn(self, complaint: Complaint, *, request, by) -> None:
        complaint_on_approval(complaint=complaint, milestone="withdrawn", request=request, by=by)


register_target(Complaint, ComplaintTarget())
