"""The complaint page: every field, the complainant customer's archive data for readers of the
customer only (complaint_customer_read writes their read log), the caller's phone as the user
may see it, the timeline, 生产处's parts, the feedback and call-backs, the linked complaints or
incident, the attachments, the approval timeline, and one form per action complaint_actions
allows (each button marked `data-action`)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views import View

from complaints import forms
from complaints.actions import ComplaintActions, complaint_actions
from complaints.selectors import (
    complaint_caller_phone,
    complaint_customer_read,
    complaint_get,
    complaint_linked,
    complaint_list,
    complaint_records,
    complaint_timeline,
    incidents_for_linking,
)
from complaints.services import complaint_problems
from core.attachments import attachments_for


def action_forms(*, user, complaint, actions: ComplaintActions) -> dict:
    """The form of each allowed action that takes input, keyed by action."""
    result = {}
    if actions.assign:
        result["assign"] = forms.AssignForm(complaint=complaint)
    if actions.respond:
        result["respond"] = forms.NoteForm(prefix="respond")
    if actions.record_co_handling:
        result["record_co_handling"] = forms.CoHandlingForm()
    if actions.record_result:
        result["record_result"] = forms.ResultForm(initial=forms.ResultForm.initial_from(
            complaint))
    if actions.submit:
        result["submit"] = forms.SubmitForm()
    if actions.record_feedback:
        result["record_feedback"] = forms.FeedbackForm()
    if actions.record_callback:
        result["record_callback"] = forms.CallbackForm()
    if actions.close:
        result["close"] = forms.NoteForm(prefix="close")
    if actions.link_incident:
        result["link_incident"] = forms.LinkIncidentForm(
            incidents=incidents_for_linking(user=user, complaint=complaint))
    return result


class ComplaintDetailView(LoginRequiredMixin, View):
    template_name = "complaints/complaint_detail.html"

    def get(self, request, pk):
        complaint = complaint_get(user=request.user, pk=pk)
        return render(request, self.template_name, complaint_context(request, complaint))


def complaint_context(request, complaint) -> dict:
    """What the complaint page shows to `request.user` (who sees the complaint)."""
    user = request.user
    actions = complaint_actions(user=user, complaint=complaint)
    access = complaint_customer_read(request=request, complaint=complaint)  # logs the read
    customer = complaint.customer if access else None
    parent_visible = complaint.parent_id is not None and complaint_list(user=user).filter(
        pk=complaint.parent_id).exists()
    return {
        "complaint": complaint, "actions": actions, "access": access, "customer": customer,
        "contacts": customer.contacts.filter(is_active=True) if customer else (),
        "caller_phone": complaint_caller_phone(user=user, complaint=complaint),
        "timeline": complaint_timeline(complaint), **complaint_records(complaint),
        "linked": complaint_linked(user=user, complaint=complaint)
        if complaint.is_incident else (),
        "parent_visible": parent_visible,
        "attachments": attachments_for(complaint),
        "problems": complaint_problems(complaint) if actions.submit else [],
        "forms": action_forms(user=user, complaint=complaint, actions=actions),
    }
