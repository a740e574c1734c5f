"""Data entry by the office (issue 12, part 3 a and b): a returned paper questionnaire is found
by its respondent code (typed, or scanned from its QR code) and typed in; a telephone
interview is entered on the same page, recording who called and when."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from complaints.surveys.actions.campaign import respondent_action_require, respondent_actions
from complaints.surveys.forms.collection import AnswersForm, CallForm, CodeForm
from complaints.surveys.models import Response
from complaints.surveys.selectors.access import runs_surveys, sees_all_surveys
from complaints.surveys.selectors.campaigns import (
    questionnaire_questions,
    respondent_by_code,
    respondent_get,
)
from complaints.surveys.services.collection import response_enter
from core.forms import apply_validation_error, validation_error_text


class EntryByCodeView(LoginRequiredMixin, View):
    """GET: the code box; with ?code= the respondent's entry page (or a message saying why
    not). The office only: the general manager reads, he does not enter."""

    template_name = "surveys/entry_code.html"

    def get(self, request):
        if not sees_all_surveys(request.user):
            raise Http404
        if not runs_surveys(request.user):
            raise PermissionDenied
        form = CodeForm(request.GET or None)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "surveys_tab": "campaigns"})
        respondent = respondent_by_code(user=request.user, code=form.cleaned_data["code"])
        if respondent is None:
            form.add_error("code", _("No respondent has this code."))
            return render(request, self.template_name, {"form": form, "surveys_tab": "campaigns"},
                          status=404)
        if not respondent_actions(request.user, respondent)["enter_answer"]:
            messages.warning(request, _("The answers of %(code)s cannot be entered: the "
                                        "respondent is %(status)s and the campaign %(campaign)s.")
                             % {"code": respondent.code,
                                "status": respondent.get_status_display(),
                                "campaign": respondent.campaign.get_status_display()})
            return redirect("surveys:respondent", pk=respondent.pk)
        return redirect("surveys:enter", pk=respondent.pk)


class ResponseEnterView(LoginRequiredMixin, View):
    """GET: the questionnaire of the respondent as a form. POST: store the answers as a paper
    questionnaire or a telephone interview (with who called and when)."""

    template_name = "surveys/entry_form.html"

    def _respondent(self, request, pk):
        respondent = respondent_get(user=request.user, pk=pk)
        if not runs_surveys(request.user):
            raise PermissionDenied
        return respondent

    def _page(self, request, respondent, answers, call, channel, status=200):
        return render(request, self.template_name, {
            "respondent": respondent, "campaign": respondent.campaign, "form": answers,
            "call": call, "channel": channel, "channels": Response.Channel,
            "surveys_tab": "campaigns"}, status=status)

    def get(self, request, pk):
        respondent = self._respondent(request, pk)
        try:
            respondent_action_require(request.user, respondent, "enter_answer")
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
            return redirect("surveys:respondent", pk=respondent.pk)
        questions = questionnaire_questions(respondent.campaign.questionnaire)
        channel = request.GET.get("channel", Response.Channel.PAPER)
        return self._page(request, respondent, AnswersForm(questions=questions), CallForm(),
                          channel)

    def post(self, request, pk):
        respondent = self._respondent(request, pk)
        questions = questionnaire_questions(respondent.campaign.questionnaire)
        answers = AnswersForm(request.POST, questions=questions)
        call = CallForm(request.POST)
        channel = request.POST.get("channel", "")
        if answers.is_valid() and call.is_valid():
            phone = channel == Response.Channel.PHONE
            try:
                response_enter(
                    respondent=respondent, by=request.user, channel=channel,
                    answers=answers.answers(),
                    called_by=call.cleaned_data["called_by"] if phone else None,
                    called_at=call.cleaned_data["called_at"] if phone else None)
            except ValidationError as exc:
                if not hasattr(exc, "error_dict"):
                    messages.error(request, validation_error_text(exc))
                    return redirect("surveys:respondent", pk=respondent.pk)
                apply_validation_error(answers, ValidationError(
                    {k: v for k, v in exc.message_dict.items() if k.startswith("q")}))
                apply_validation_error(call, ValidationError(
                    {k: v for k, v in exc.message_dict.items() if not k.startswith("q")}))
            else:
                messages.success(request, _("The answers of %(code)s have been stored.")
                                 % {"code": respondent.code})
                return redirect("surveys:entry")
        return self._page(request, respondent, answers, call, channel, status=400)
