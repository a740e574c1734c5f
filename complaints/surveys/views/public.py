"""The respondent's own page (issue 12, part 3 c): a web link with a single-use token that
expires, answered without login on a phone.

Every request counts against a limit per client address (core.ratelimit, as the public
complaint form does): beyond it the page answers 429 and stores nothing, which also keeps
anyone from trying tokens. A link that cannot be answered (unknown, expired, already used,
survey closed) shows why with status 410 (gone) or 404 (unknown); a second submission of the
same token is refused with the "already answered" message and nothing is stored again."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from complaints.surveys.forms.collection import AnswersForm
from complaints.surveys.selectors.campaigns import questionnaire_questions, respondent_by_token
from complaints.surveys.services.collection import (
    TokenRefused,
    response_submit_web,
    web_refusal,
)
from core.forms import apply_validation_error
from core.ratelimit import Window, rate_limit_hit
from core.request import client_ip

ANSWER_WINDOWS = (Window("10min", 30, 10 * 60), Window("day", 200, 24 * 60 * 60))
REFUSAL_STATUS = {"unknown": 404, "expired": 410, "answered": 410, "closed": 410}


def _refused(request, refusal: TokenRefused):
    return render(request, "surveys/answer_refused.html",
                  {"message": refusal.messages[0], "reason": refusal.code},
                  status=REFUSAL_STATUS.get(refusal.code, 410))


class AnswerView(View):
    template_name = "surveys/answer_form.html"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not rate_limit_hit(scope="surveys-answer", key=client_ip(request),
                              windows=ANSWER_WINDOWS):
            return render(request, "surveys/answer_refused.html", {
                "message": _("Too many requests came from your connection. Please try again "
                             "later, or call our service hotline."), "reason": "limited"},
                          status=429)
        return super().dispatch(request, *args, **kwargs)

    def _respondent_or_refusal(self, token):
        respondent = respondent_by_token(token)
        if respondent is None:
            return None, TokenRefused(_("This link is not valid. Please check it, or call us."),
                                      code="unknown")
        return respondent, web_refusal(respondent, token)

    def _page(self, request, respondent, form, status=200):
        return render(request, self.template_name, {
            "questionnaire": respondent.campaign.questionnaire, "form": form}, status=status)

    def get(self, request, token):
        respondent, refusal = self._respondent_or_refusal(token)
        if refusal is not None:
            return _refused(request, refusal)
        questions = questionnaire_questions(respondent.campaign.questionnaire)
        return self._page(request, respondent, AnswersForm(questions=questions))

    def post(self, request, token):
        respondent, refusal = self._respondent_or_refusal(token)
        if refusal is not None:
            return _refused(request, refusal)
        questions = questionnaire_questions(respondent.campaign.questionnaire)
        form = AnswersForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                response_submit_web(token=token, answers=form.answers())
            except TokenRefused as exc:
                return _refused(request, exc)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                return redirect("surveys:answer_thanks")
        return self._page(request, respondent, form, status=400)


class AnswerThanksView(View):
    http_method_names = ["get"]

    def get(self, request):
        return render(request, "surveys/answer_thanks.html")
