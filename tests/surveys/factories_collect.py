"""Builders of part A (collection): campaigns planned and sampled through the services."""

from django.utils import timezone

from complaints.surveys.models import Question
from complaints.surveys.services.campaigns import (
    campaign_create,
    campaign_draw_sample,
    campaign_start_collection,
)
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer
from tests.surveys.factories import default_questionnaire


def office_user(**fields):
    return UserFactory(roles=["office"], **fields)


def make_customers(count: int, *, category: str = "residential", by=None) -> list:
    by = by or UserFactory(roles=["staff"])
    return [make_customer(category=category, by=by) for _ in range(count)]


def planned_campaign(*, by=None, **plan):
    by = by or office_user()
    values = {"title": "年度顾客满意度调查", "year": timezone.localdate().year,
              "questionnaire": default_questionnaire()} | plan
    return campaign_create(by=by, **values)


def collecting_campaign(*, by=None, seed: int = 42, **plan):
    """A campaign with its sample drawn (a census by default) and collecting answers."""
    by = by or office_user()
    campaign = planned_campaign(by=by, **({"is_census": True} | plan))
    campaign = campaign_draw_sample(campaign=campaign, by=by, seed=seed)
    return campaign_start_collection(campaign=campaign, by=by)


def full_answers(questionnaire, *, rating: int = 4, text: str = "") -> dict:
    """{question id: value} answering every question of `questionnaire`."""
    answers = {}
    questions = Question.objects.filter(section__questionnaire=questionnaire)
    for question in questions.prefetch_related("choices"):
        if question.is_rating:
            answers[question.pk] = rating
        elif question.kind == Question.Kind.SINGLE:
            answers[question.pk] = question.choices.all()[0].pk
        elif question.kind == Question.Kind.MULTIPLE:
            answers[question.pk] = [choice.pk for choice in question.choices.all()[:2]]
        elif text:
            answers[question.pk] = text
    return answers
