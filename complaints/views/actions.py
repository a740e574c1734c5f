"""One POST view per action of complaints.actions on a complaint. Each fetches the complaint
through complaint_get (404 when the user may not see it), asks complaint_action_require first
(PermissionDenied, a 403, for the wrong user; a ValidationError naming the status, shown as a
message, for the wrong state: the page may be older than the complaint), validates its small
form (errors name the field), then calls its one service and goes back to the complaint page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from complaints import forms, services
from complaints.actions import RULES, complaint_action_require
from complaints.selectors import complaint_get, incidents_for_linking
from core.forms import form_error_text, validation_error_text


class _ComplaintActionView(LoginRequiredMixin, View):
    """POST: the `action` (a key of complaints.actions.RULES) on the complaint of the URL."""

    http_method_names = ["post"]
    action = ""
    success_message = gettext_lazy("Saved.")

    def post(self, request, pk):
        complaint = complaint_get(user=request.user, pk=pk)
        try:
            complaint_action_require(user=request.user, complaint=complaint, action=self.action)
            message = self.perform(request, complaint)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, message or self.success_message)
        return redirect(complaint)

    def __init_subclass__(cls, **kwargs):
        """Each action view names a rule of the table and defines `perform(request,
        complaint)`, checked when the class is defined."""
        super().__init_subclass__(**kwargs)
        if cls.action not in RULES or not callable(getattr(cls, "perform", None)):
            raise ImproperlyConfigured(f"{cls.__qualname__}: `action` must name a rule of "
                                       "complaints.actions.RULES and `perform` must be defined.")


def _valid(form) -> dict:
    """The cleaned data, or a ValidationError whose message names each field in error."""
    if not form.is_valid():
        raise ValidationError(form_error_text(form))
    return form.cleaned_data


class ComplaintAssignView(_ComplaintActionView):
    """The receiving department assigns the handler (and the production co-handler)."""

    action = "assign"
    success_message = gettext_lazy("The handler has been assigned.")

    def perform(self, request, complaint):
        data = _valid(forms.AssignForm(request.POST, complaint=complaint))
        services.complaint_assign(complaint=complaint, by=request.user,
                                  handler=data["handler"], co_handler=data["co_handler"])


class ComplaintRespondView(_ComplaintActionView):
    """The first response to the complainant."""

    action = "respond"
    success_message = gettext_lazy("The first response has been recorded.")

    def perform(self, request, complaint):
        data = _valid(forms.NoteForm(request.POST, prefix="respond"))
        services.complaint_respond(complaint=complaint, by=request.user, note=data["note"])


class ComplaintMarkIncidentView(_ComplaintActionView):
    """The receiving department makes the complaint an incident (others link to it)."""

    action = "mark_incident"
    success_message = gettext_lazy("The complaint is now an incident.")

    def perform(self, request, complaint):
        services.complaint_mark_incident(complaint=complaint, by=request.user)


class ComplaintLinkIncidentView(_ComplaintActionView):
    """The receiving department links the complaint to an incident the user sees."""

    action = "link_incident"
    success_message = gettext_lazy("The complaint has been linked to the incident.")

    def perform(self, request, complaint):
        form = forms.LinkIncidentForm(
            request.POST, incidents=incidents_for_linking(user=request.user,
                                                          complaint=complaint))
        data = _valid(form)
        services.complaint_link_incident(complaint=complaint, incident=data["incident"],
                                         by=request.user)


class ComplaintCoHandlingView(_ComplaintActionView):
    """生产处's co-handler records production's part of a quality complaint (§7.2)."""

    action = "record_co_handling"
    success_message = gettext_lazy("Production's part has been recorded.")

    def perform(self, request, complaint):
        data = _valid(forms.CoHandlingForm(request.POST))
        services.complaint_record_co_handling(complaint=complaint, by=request.user,
                                              text=data["text"])


class ComplaintResultView(_ComplaintActionView):
    """The handler records the handling result (cause, measures, result, cost)."""

    action = "record_result"
    success_message = gettext_lazy("The handling result has been saved.")

    def perform(self, request, complaint):
        data = _valid(forms.ResultForm(request.POST))
        services.complaint_record_result(complaint=complaint, by=request.user, **data)


class ComplaintSubmitView(_ComplaintActionView):
    """The handler submits the result to the general manager (§7.2, §7.3)."""

    action = "submit"

    def perform(self, request, complaint):
        data = _valid(forms.SubmitForm(request.POST))
        services.complaint_submit(complaint=complaint, by=request.user,
                                  comment=data["comment"])
        return _("Submitted to the general manager for approval.")


class ComplaintFeedbackView(_ComplaintActionView):
    """The company office records the feedback to the complainant."""

    action = "record_feedback"
    success_message = gettext_lazy("The feedback has been recorded.")

    def perform(self, request, complaint):
        data = _valid(forms.FeedbackForm(request.POST))
        services.complaint_record_feedback(complaint=complaint, by=request.user, **data)


class ComplaintCallbackView(_ComplaintActionView):
    """The office records the call-back (回访); dissatisfied reopens the complaint."""

    action = "record_callback"

    def perform(self, request, complaint):
        data = _valid(forms.CallbackForm(request.POST))
        callback = services.complaint_record_callback(complaint=complaint, by=request.user,
                                                      **data)
        if callback.reopens:
            return _("The complainant is dissatisfied: the complaint is being handled again.")
        return _("The call-back has been recorded.")


class ComplaintCloseView(_ComplaintActionView):
    """The office closes the complaint."""

    action = "close"
    success_message = gettext_lazy("The complaint has been closed.")

    def perform(self, request, complaint):
        data = _valid(forms.NoteForm(request.POST, prefix="close"))
        services.complaint_close(complaint=complaint, by=request.user, note=data["note"])
