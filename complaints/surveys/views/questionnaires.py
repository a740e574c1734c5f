"""Questionnaires (issue 12, part 1) and the paper questionnaires' PDF. A questionnaire is
edited by the office until it collects an answer; from then on it is only versioned (the copy
is edited instead)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from complaints.surveys.actions.campaign import (
    campaign_action_require,
    questionnaire_action_require,
    questionnaire_actions,
    respondent_action_require,
)
from complaints.surveys.forms.collection import QuestionForm, QuestionnaireForm
from complaints.surveys.models import Question, Respondent
from complaints.surveys.paper import MAX_PER_PDF, paper_pdf
from complaints.surveys.selectors.access import sees_all_surveys
from complaints.surveys.selectors.campaigns import (
    campaign_get,
    questionnaire_get,
    questionnaire_list,
    questionnaire_questions,
    respondent_get,
)
from complaints.surveys.services import questionnaires as services
from core.forms import form_error_text, validation_error_text


class QuestionnaireListView(LoginRequiredMixin, View):
    def get(self, request):
        if not sees_all_surveys(request.user):
            raise Http404
        return render(request, "surveys/questionnaire_list.html", {
            "questionnaires": questionnaire_list(user=request.user),
            "surveys_tab": "campaigns"})


class QuestionnaireDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        questionnaire = questionnaire_get(user=request.user, pk=pk)
        actions = questionnaire_actions(request.user, questionnaire)
        questions = questionnaire_questions(questionnaire)
        return render(request, "surveys/questionnaire_detail.html", {
            "questionnaire": questionnaire, "actions": actions, "questions": questions,
            "form": QuestionnaireForm(initial={"title": questionnaire.title,
                                               "introduction": questionnaire.introduction}),
            "surveys_tab": "campaigns"})


class QuestionnaireEditView(LoginRequiredMixin, View):
    """POST: the title and introduction (while no answer was collected)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        questionnaire = questionnaire_get(user=request.user, pk=pk)
        form = QuestionnaireForm(request.POST)
        try:
            questionnaire_action_require(request.user, questionnaire, "edit")
            if not form.is_valid():
                raise ValidationError(form_error_text(form))
            services.questionnaire_update(questionnaire=questionnaire, by=request.user,
                                          **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, _("The questionnaire has been saved."))
        return redirect("surveys:questionnaire", pk=questionnaire.pk)


class QuestionEditView(LoginRequiredMixin, View):
    """POST: a question's wording and whether it is required (while no answer was collected)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not sees_all_surveys(request.user) or pk >= 2**63:
            raise Http404
        question = get_object_or_404(Question.objects.select_related("section__questionnaire"),
                                     pk=pk)
        questionnaire = question.section.questionnaire
        form = QuestionForm(request.POST)
        try:
            questionnaire_action_require(request.user, questionnaire, "edit")
            if not form.is_valid():
                raise ValidationError(form_error_text(form))
            services.question_update(question=question, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
        else:
            messages.success(request, _("The question has been saved."))
        return redirect("surveys:questionnaire", pk=questionnaire.pk)


class QuestionnaireNewVersionView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        questionnaire = questionnaire_get(user=request.user, pk=pk)
        questionnaire_action_require(request.user, questionnaire, "new_version")
        copy = services.questionnaire_new_version(questionnaire=questionnaire, by=request.user)
        messages.success(request, _("Version %(version)s has been made; edit it before its "
                                    "first campaign.") % {"version": copy.version})
        return redirect("surveys:questionnaire", pk=copy.pk)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class CampaignPaperView(LoginRequiredMixin, View):
    """The paper questionnaires of the respondents still to answer (?stratum= narrows them),
    at most MAX_PER_PDF in one PDF (?page=2 the next ones)."""

    def get(self, request, pk):
        campaign = campaign_get(user=request.user, pk=pk)
        try:
            campaign_action_require(request.user, campaign, "print")
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
            return redirect(campaign)
        respondents = (Respondent.objects.filter(campaign=campaign, status__in=Respondent.OPEN)
                       .select_related("customer").order_by("code"))
        if request.GET.get("stratum"):
            respondents = respondents.filter(
                stratum=request.GET["stratum"].replace("\x00", "")[:80])
        page = request.GET.get("page", "1")
        start = (int(page) - 1) * MAX_PER_PDF if page.isdigit() and 0 < int(page) < 10**4 else 0
        chosen = list(respondents[start:start + MAX_PER_PDF])
        if not chosen:
            raise Http404
        return _pdf_response(paper_pdf(campaign=campaign, respondents=chosen),
                             f"questionnaires-{campaign.number}.pdf")


class RespondentPaperView(LoginRequiredMixin, View):
    def get(self, request, pk):
        respondent = respondent_get(user=request.user, pk=pk)
        try:
            respondent_action_require(request.user, respondent, "print")
        except ValidationError as exc:
            messages.error(request, validation_error_text(exc))
            return redirect("surveys:respondent", pk=respondent.pk)
        return _pdf_response(paper_pdf(campaign=respondent.campaign, respondents=[respondent]),
                             f"questionnaire-{respondent.code}.pdf")
