"""Survey test data. These builders write rows directly (not through the services) so that the
analysis, the report and the actions can be tested apart from sampling and collection; the
collection's own tests go through its services. The default questionnaire comes from the data
migration (complaints/surveys/reference.py)."""

import itertools
from decimal import Decimal

from django.utils import timezone

from complaints.surveys.models import (
    Answer,
    Campaign,
    CorrectiveAction,
    Question,
    Questionnaire,
    Respondent,
    Response,
    SurveyReport,
)
from complaints.surveys.reference import QUESTIONNAIRE_CODE
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer

_n = itertools.count(1)


def default_questionnaire() -> Questionnaire:
    return Questionnaire.objects.filter(code=QUESTIONNAIRE_CODE).order_by("-version").first()


def make_campaign(*, year: int | None = None, status=Campaign.Status.COLLECTING, by=None,
                  questionnaire=None, **fields) -> Campaign:
    by = by or UserFactory(roles=["office"])
    year = year or timezone.localdate().year
    n = next(_n)
    return Campaign.objects.create(
        number=f"MY-{year}-{n:03d}", year=year, title=f"{year}年顾客满意度调查",
        status=status, questionnaire=questionnaire or default_questionnaire(), created_by=by,
        seed=n, sampled_at=timezone.now(), **fields)


def make_respondent(campaign: Campaign, *, customer=None, stratum="residential",
                    status=Respondent.Status.SELECTED) -> Respondent:
    customer = customer or make_customer()
    return Respondent.objects.create(campaign=campaign, customer=customer,
                                     code=f"R{next(_n):07d}", stratum=stratum, status=status)


def make_response(campaign: Campaign, *, ratings: dict[str, int] | int, stratum="residential",
                  channel=Response.Channel.PAPER, text: str = "", respondent=None,
                  by=None) -> Response:
    """A respondent who answered every rating question: `ratings` maps a dimension code to the
    rating given to each of its questions (or one rating for all); `text` answers the free-text
    question."""
    respondent = respondent or make_respondent(campaign, stratum=stratum,
                                               status=Respondent.Status.ANSWERED)
    response = Response.objects.create(
        respondent=respondent, campaign=campaign, stratum=respondent.stratum, channel=channel,
        entered_by=by, answered_at=timezone.now())
    questions = Question.objects.filter(section__questionnaire=campaign.questionnaire)
    for question in questions.select_related("dimension"):
        if question.is_rating:
            rating = ratings if isinstance(ratings, int) else ratings[question.dimension.code]
            Answer.objects.create(response=response, question=question, rating=rating)
        elif question.kind == Question.Kind.TEXT and text:
            Answer.objects.create(response=response, question=question, text=text)
    return response


def make_report(campaign: Campaign, *, status=SurveyReport.Status.DRAFT, figures=None,
                by=None) -> SurveyReport:
    return SurveyReport.objects.create(
        campaign=campaign, number=f"MYBG-{campaign.year}-{next(_n):03d}",
        title=f"{campaign.year}年顾客满意度调查分析报告", status=status,
        figures=figures or {}, created_by=by or UserFactory(roles=["office"]))


def make_action(*, status=CorrectiveAction.Status.DRAFTED, by=None, **fields) -> CorrectiveAction:
    year = timezone.localdate().year
    defaults = {"number": f"JZ-{year}-{next(_n):06d}", "source": CorrectiveAction.Source.OTHER,
                "problem": "测试问题", "status": status,
                "created_by": by or UserFactory(roles=["office"])}
    return CorrectiveAction.objects.create(**(defaults | fields))


def figures(overall: str, **dimensions: str) -> dict:
    """A report's frozen figures in the format of surveys.analysis (the parts the actions
    read): `figures("82.5", service_quality="78", ...)`."""
    from complaints.surveys.reference import DIMENSIONS

    names = {code: name for code, name, *_ in DIMENSIONS}
    return {"overall": {"index": str(Decimal(overall))},
            "dimensions": [{"code": code, "name": names.get(code, code),
                            "index": str(Decimal(index))}
                           for code, index in dimensions.items()]}
