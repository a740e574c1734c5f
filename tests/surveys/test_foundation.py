"""The default questionnaire and the builders the other survey tests rely on."""

import pytest

from complaints.surveys.models import Answer, Dimension, Question, SatisfactionTarget
from complaints.surveys.reference import DIMENSIONS
from tests.surveys.factories import default_questionnaire, make_campaign, make_response

pytestmark = pytest.mark.django_db


def test_the_default_questionnaire_measures_the_five_dimensions_of_the_regulation():
    questionnaire = default_questionnaire()
    codes = set(Dimension.objects.filter(questionnaire=questionnaire)
                .values_list("code", flat=True))
    # 篇二 §6 b): service quality, package prices, the company; plus safety and attitude.
    assert {"service_quality", "package_price", "company"} <= codes
    assert codes == {code for code, *_ in DIMENSIONS}
    rating = Question.objects.filter(section__questionnaire=questionnaire, kind="rating")
    assert set(rating.values_list("dimension__code", flat=True)) == codes
    assert Question.objects.filter(section__questionnaire=questionnaire,
                                   kind="text").exists()
    assert SatisfactionTarget.objects.filter(dimension_code="").exists()


def test_a_response_answers_every_rating_question():
    campaign = make_campaign()
    response = make_response(campaign, ratings={"service_quality": 5, "package_price": 3,
                                                "company": 4, "safety": 4, "attitude": 2})
    ratings = Answer.objects.filter(response=response, rating__isnull=False)
    assert ratings.count() == Question.objects.filter(
        section__questionnaire=campaign.questionnaire, kind="rating").count()
    assert set(ratings.filter(question__dimension__code="attitude")
               .values_list("rating", flat=True)) == {2}
