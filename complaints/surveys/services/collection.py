"""Collection (issue 12, part 3): the respondents' statuses (invited, reminded, refused,
unreachable), the web link's single-use token, and the answers — stored once, whichever way
they come: a paper form typed in by its respondent code, a telephone interview (who called
and when), or the respondent's own web page.

`answers` maps a question id to its value: a rating 1–5 (rating), a choice id (single), a list
of choice ids (multiple) or a text (text). Every check of the answers is here, so the entry
page, the public page and a future import all get it."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from complaints.surveys.actions.campaign import respondent_action_require
from complaints.surveys.models import Answer, Question, Respondent, Response
from complaints.surveys.selectors.access import runs_surveys
from complaints.surveys.selectors.campaigns import (
    questionnaire_questions,
    respondent_by_token,
    token_digest,
)
from core.services import save_recorded

TOKEN_BYTES = 24
MAX_TEXT = 2_000


class TokenRefused(ValidationError):
    """The web link cannot be answered: `code` says why (unknown, expired, answered, closed)."""


def _locked(respondent: Respondent, *, by, action: str) -> Respondent:
    locked = (Respondent.objects.select_for_update(of=("self",))
              .select_related("campaign__questionnaire", "customer").get(pk=respondent.pk))
    respondent_action_require(by, locked, action)
    return locked


def _issue_token(respondent: Respondent) -> str:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    respondent.token_digest = token_digest(token)
    respondent.token_expires_at = (timezone.now()
                                   + datetime.timedelta(days=respondent.campaign.token_valid_days))
    return token


@transaction.atomic
def respondent_invite(*, respondent: Respondent, by) -> str:
    """Invited: a new web link; returns the token, shown or printed this once (only its SHA-256
    is stored)."""
    respondent = _locked(respondent, by=by, action="invite")
    token = _issue_token(respondent)
    respondent.move_to(Respondent.Status.INVITED)
    respondent.invited_at = timezone.now()
    save_recorded(respondent, "invited", by)
    return token


@transaction.atomic
def respondent_reissue_link(*, respondent: Respondent, by) -> str:
    """A new web link for an invited respondent; the old link stops working."""
    respondent = _locked(respondent, by=by, action="reissue_link")
    token = _issue_token(respondent)
    save_recorded(respondent, "web_link_reissued", by)
    return token


def _outcome(respondent: Respondent, *, by, action: str, target, note: str,
             reason: str) -> Respondent:
    respondent = _locked(respondent, by=by, action=action)
    respondent.move_to(target)
    now = timezone.now()
    if action == "remind":
        respondent.reminded_at = now
    else:
        respondent.outcome_at = now
    respondent.outcome_note = note.strip()[:200]
    save_recorded(respondent, reason, by)
    return respondent


@transaction.atomic
def respondent_remind(*, respondent: Respondent, by, note: str = "") -> Respondent:
    return _outcome(respondent, by=by, action="remind", target=Respondent.Status.REMINDED,
                    note=note, reason="reminded")


@transaction.atomic
def respondent_refuse(*, respondent: Respondent, by, note: str = "") -> Respondent:
    return _outcome(respondent, by=by, action="refuse", target=Respondent.Status.REFUSED,
                    note=note, reason="refused")


@transaction.atomic
def respondent_unreachable(*, respondent: Respondent, by, note: str = "") -> Respondent:
    return _outcome(respondent, by=by, action="unreachable",
                    target=Respondent.Status.UNREACHABLE, note=note, reason="unreachable")


# --- Answers -----------------------------------------------------------------------------------
@transaction.atomic
def response_enter(*, respondent: Respondent, by, channel: str, answers: dict,
                   called_by=None, called_at: datetime.datetime | None = None) -> Response:
    """The office types in a paper form or a telephone interview (then who called — the
    office member by default — and when are recorded)."""
    if channel not in (Response.Channel.PAPER, Response.Channel.PHONE):
        raise ValidationError({"channel": _("Choose paper or telephone.")})
    respondent = _locked(respondent, by=by, action="enter_answer")
    if channel == Response.Channel.PHONE:
        called_by = called_by or by
        called_at = called_at or timezone.now()
        if called_at > timezone.now():
            raise ValidationError({"called_at": _("The call cannot be in the future.")})
        if not runs_surveys(called_by):
            raise ValidationError({"called_by": _("The caller must be a member of the "
                                                  "company office.")})
    else:
        called_by = called_at = None
    return _store(respondent, by=by, channel=channel, answers=answers, called_by=called_by,
                  called_at=called_at)


@transaction.atomic
def response_submit_web(*, token: str, answers: dict) -> Response:
    """The respondent answers through the web link: refused (TokenRefused with a message)
    when the link is unknown, expired, already used, or the campaign is not collecting."""
    found = respondent_by_token(token)
    if found is None:
        raise TokenRefused(_("This link is not valid. Please check it, or call us."),
                           code="unknown")
    respondent = (Respondent.objects.select_for_update(of=("self",))
                  .select_related("campaign__questionnaire").get(pk=found.pk))
    refusal = web_refusal(respondent, token)
    if refusal is not None:
        raise refusal
    return _store(respondent, by=None, channel=Response.Channel.WEB, answers=answers)


def web_refusal(respondent: Respondent, token: str) -> TokenRefused | None:
    """Why the link of `respondent` cannot be answered now, or None."""
    if respondent.has_answered or Response.objects.filter(respondent=respondent).exists():
        return TokenRefused(_("This questionnaire has already been answered. Thank you!"),
                            code="answered")
    if respondent.token_digest != token_digest(token):
        return TokenRefused(_("This link is not valid. Please check it, or call us."),
                            code="unknown")
    if respondent.token_expires_at is None or respondent.token_expires_at <= timezone.now():
        return TokenRefused(_("This link has expired. Please call us for a new one."),
                            code="expired")
    if not respondent.campaign.is_collecting or not respondent.may_answer:
        return TokenRefused(_("This survey is closed. Thank you for your interest."),
                            code="closed")
    return None


def _store(respondent: Respondent, *, by, channel: str, answers: dict, called_by=None,
           called_at=None) -> Response:
    if Response.objects.filter(respondent=respondent).exists() or respondent.has_answered:
        raise ValidationError(_("This respondent has already answered: an answer is stored "
                                "once."), code="answered")
    rows = clean_answers(respondent.campaign.questionnaire, answers)
    now = timezone.now()
    response = Response(respondent=respondent, campaign=respondent.campaign,
                        stratum=respondent.stratum, channel=channel,
                        entered_by=by if channel != Response.Channel.WEB else None,
                        called_by=called_by, called_at=called_at, answered_at=now,
                        created_by=by)
    save_recorded(response, f"answered_{channel}", by)
    for answer in rows:
        answer.response, answer.created_by = response, by
    if rows:
        bulk_create_with_history(rows, Answer, default_user=by,
                                 default_change_reason=f"answered_{channel}")
    respondent.move_to(Respondent.Status.ANSWERED)
    respondent.outcome_at = now
    # The link's digest stays: the link is single-use through the stored response
    # (web_refusal), and opening or sending it again says it was answered, not "not valid".
    save_recorded(respondent, "answered", by)
    return response


def clean_answers(questionnaire, answers: dict) -> list[Answer]:
    """The Answer rows of `answers` (unsaved); a ValidationError keyed "q<id>" per question
    wrongly answered or required and left empty."""
    errors, rows = {}, []
    for question in questionnaire_questions(questionnaire):
        value = answers.get(question.pk, answers.get(str(question.pk)))
        try:
            rows.extend(_answer_rows(question, value))
        except ValidationError as exc:
            errors[f"q{question.pk}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return rows


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _answer_rows(question: Question, value) -> list[Answer]:
    if _empty(value):
        if question.is_required:
            raise ValidationError(_("Answer this question."))
        return []
    kind = Question.Kind
    if question.kind == kind.RATING:
        try:
            rating = int(value)
        except (TypeError, ValueError):
            rating = 0
        if not 1 <= rating <= 5:
            raise ValidationError(_("Choose a rating from 1 to 5."))
        return [Answer(question=question, rating=rating)]
    if question.kind == kind.TEXT:
        return [Answer(question=question, text=str(value).strip()[:MAX_TEXT])]
    chosen = value if isinstance(value, list | tuple) else [value]
    choices = {str(choice.pk): choice for choice in question.choices.all()}
    if any(str(item) not in choices for item in chosen) or (
            question.kind == kind.SINGLE and len(chosen) > 1):
        raise ValidationError(_("Choose among the options given."))
    return [Answer(question=question, choice=choices[str(item)])
            for item in dict.fromkeys(str(item) for item in chosen)]

