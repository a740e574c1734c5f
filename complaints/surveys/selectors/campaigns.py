"""Reads of the campaigns, their respondents and questionnaires (issue 12, parts 1–3), scoped
by complaints.surveys.selectors.access: the office and the general manager see every campaign
and every answer tied to its customer; anyone else gets a 404 (nothing here is for them)."""

import datetime
import hashlib

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from complaints.surveys.models import (
    Answer,
    Campaign,
    Question,
    Questionnaire,
    Respondent,
    Response,
)
from complaints.surveys.selectors.access import sees_all_surveys, sees_respondents

# The warning of 篇二 §6 (at least one full survey a year): shown to the office and the GM
# after this day of the year ("MM-DD", settings.SURVEYS_CAMPAIGN_START_BY) while no campaign
# of the year has started collecting.
DEFAULT_CAMPAIGN_START_BY = "06-30"


def _require_all(user) -> None:
    if not sees_all_surveys(user):
        raise Http404


# --- Campaigns ---------------------------------------------------------------------------------
def campaign_list(*, user) -> QuerySet:
    if not sees_all_surveys(user):
        return Campaign.objects.none()
    return Campaign.objects.select_related("questionnaire").order_by("-year", "-id")


def campaign_get(*, user, pk) -> Campaign:
    """The campaign, or 404 for anyone but the office and the GM (or an unknown id)."""
    _require_all(user)
    campaign = (Campaign.objects.select_related("questionnaire", "frame")
                .filter(pk=pk).first()) if str(pk).isdigit() and int(pk) < 2**63 else None
    if campaign is None:
        raise Http404
    return campaign


def campaign_due_date(year: int) -> datetime.date:
    """The day of `year` by which the year's campaign should have started collecting
    (settings.SURVEYS_CAMPAIGN_START_BY, "MM-DD"; a malformed value falls back to 30 June)."""
    value = str(getattr(settings, "SURVEYS_CAMPAIGN_START_BY", DEFAULT_CAMPAIGN_START_BY))
    try:
        month, day = (int(part) for part in value.split("-"))
        return datetime.date(year, month, day)
    except ValueError:
        month, day = (int(part) for part in DEFAULT_CAMPAIGN_START_BY.split("-"))
        return datetime.date(year, month, day)


def campaign_overdue_warning(user, *, today: datetime.date | None = None) -> dict | None:
    """{"year", "due"} when no campaign of this year has started collecting by the configured
    day (settings.SURVEYS_CAMPAIGN_START_BY, "MM-DD", default "06-30"); None otherwise and
    for anyone but the office and the GM. One query."""
    if not sees_all_surveys(user):
        return None
    today = today or timezone.localdate()
    due = campaign_due_date(today.year)
    if today <= due:
        return None
    if Campaign.objects.filter(year=today.year, started_at__isnull=False).exists():
        return None
    return {"year": today.year, "due": due}


def stratum_rates(campaign: Campaign) -> list[dict]:
    """Live response rates per stratum: sampled, answered, refused, unreachable, open and the
    rate (answered / sampled, %), with a total row last. One GROUP BY query."""
    statuses = Respondent.Status
    rows = (Respondent.objects.filter(campaign=campaign).values("stratum")
            .annotate(sampled=Count("id"),
                      answered=Count("id", filter=Q(status=statuses.ANSWERED)),
                      refused=Count("id", filter=Q(status=statuses.REFUSED)),
                      unreachable=Count("id", filter=Q(status=statuses.UNREACHABLE)),
                      invited=Count("id", filter=Q(status__in=(statuses.INVITED,
                                                               statuses.REMINDED))))
            .order_by("stratum"))
    labels = {}
    if getattr(campaign, "frame", None) is not None:
        labels = {key: value.get("label", key) for key, value in campaign.frame.strata.items()}
    result, total = [], {"sampled": 0, "answered": 0, "refused": 0, "unreachable": 0,
                         "invited": 0}
    for row in rows:
        for name in total:
            total[name] += row[name]
        result.append(_rate(dict(row, label=labels.get(row["stratum"], row["stratum"]))))
    result.append(_rate(dict(total, stratum="", label="", is_total=True)))
    return result


def _rate(row: dict) -> dict:
    row["rate"] = round(100 * row["answered"] / row["sampled"], 1) if row["sampled"] else 0.0
    return row


# --- Respondents -------------------------------------------------------------------------------
def respondent_list(*, user, campaign: Campaign, status: str = "", stratum: str = "",
                    q: str = "") -> QuerySet:
    _require_all(user)
    respondents = (Respondent.objects.filter(campaign=campaign)
                   .select_related("customer").order_by("code"))
    if status in Respondent.Status.values:
        respondents = respondents.filter(status=status)
    if stratum:
        respondents = respondents.filter(stratum=stratum.replace("\x00", "")[:80])
    if q:
        term = q.strip()[:40]
        respondents = respondents.filter(Q(code=term.upper()) | Q(customer__number=term)
                                         | Q(customer__name__icontains=term))
    return respondents


def respondent_get(*, user, pk) -> Respondent:
    _require_all(user)
    respondent = (Respondent.objects.select_related("campaign__questionnaire", "customer")
                  .filter(pk=pk).first()) if str(pk).isdigit() and int(pk) < 2**63 else None
    if respondent is None:
        raise Http404
    return respondent


def normalise_code(code: str) -> str:
    """What was typed from a paper form: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in str(code) if ch.isalnum()).upper()[:12]


def respondent_by_code(*, user, code: str, campaign: Campaign | None = None
                       ) -> Respondent | None:
    """The respondent with this code (of `campaign` when given), or None."""
    _require_all(user)
    respondents = Respondent.objects.select_related("campaign__questionnaire", "customer")
    if campaign is not None:
        respondents = respondents.filter(campaign=campaign)
    return respondents.filter(code=normalise_code(code)).first()


def token_digest(token: str) -> str:
    return hashlib.sha256(str(token).encode("utf-8", "replace")).hexdigest()


def respondent_by_token(token: str) -> Respondent | None:
    """The respondent a web link's token belongs to (expired or not), or None. The public
    page decides what it may show from the respondent's state."""
    if not token or len(token) > 100:
        return None
    return (Respondent.objects.select_related("campaign__questionnaire")
            .filter(token_digest=token_digest(token)).first())


def response_answers(*, user, respondent: Respondent) -> list[dict]:
    """The answers of a respondent, question by question (the office and the GM only: the
    answers are tied to the customer)."""
    if not sees_respondents(user):
        raise Http404
    response = Response.objects.filter(respondent=respondent).first()
    if response is None:
        return []
    answers = {}
    for answer in Answer.objects.filter(response=response).select_related("choice"):
        answers.setdefault(answer.question_id, []).append(answer)
    rows = []
    for question in questionnaire_questions(respondent.campaign.questionnaire):
        given = answers.get(question.pk, [])
        value = ", ".join(str(a.rating) if a.rating else a.choice.label if a.choice_id
                          else a.text for a in given)
        rows.append({"question": question, "value": value})
    return rows


def customer_survey_participation(*, user, customer) -> list[dict]:
    """The customer page's 满意度调查 tab (§5: a survey leaves a record in the customer's
    archive): the campaigns the customer was sampled in and whether they answered. The page
    has already shown the user reads the customer (and written its read log); only the office
    and the GM get the link to the answers themselves."""
    show_answers = sees_respondents(user)
    rows = []
    respondents = (Respondent.objects.filter(customer=customer)
                   .select_related("campaign", "response").order_by("-campaign__year", "-id"))
    for respondent in respondents:
        response = getattr(respondent, "response", None)
        rows.append({"campaign": respondent.campaign, "respondent": respondent,
                     "answered_at": response.answered_at if response else None,
                     "channel": response.get_channel_display() if response else "",
                     "url": reverse("surveys:respondent", args=[respondent.pk])
                     if show_answers else ""})
    return rows


# --- Questionnaires ----------------------------------------------------------------------------
def questionnaire_list(*, user) -> QuerySet:
    if not sees_all_surveys(user):
        return Questionnaire.objects.none()
    return Questionnaire.objects.annotate(campaign_count=Count("campaigns")).order_by(
        "code", "-version")


def questionnaire_get(*, user, pk) -> Questionnaire:
    _require_all(user)
    questionnaire = Questionnaire.objects.filter(pk=pk).first() if (
        str(pk).isdigit() and int(pk) < 2**63) else None
    if questionnaire is None:
        raise Http404
    return questionnaire


def questionnaire_questions(questionnaire: Questionnaire) -> list[Question]:
    """The questions in order, each with its section, dimension and choices (3 queries)."""
    return list(Question.objects.filter(section__questionnaire=questionnaire)
                .select_related("section", "dimension").prefetch_related("choices")
                .order_by("section__order", "section_id", "order", "id"))


def latest_questionnaires() -> QuerySet:
    """The newest version of each questionnaire (the choices of a new campaign)."""
    return Questionnaire.objects.order_by("code", "-version").distinct()
