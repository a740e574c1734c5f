"""The analysis of a campaign's answers, checked against figures computed by hand.

The hand-made data set (tests/surveys/factories_report.RATINGS), one rating per question of
each dimension (service quality has 3 questions, package price 2, company 2, safety 2,
attitude 1):

    respondent  stratum      quality  price  company  safety  attitude
    1           residential  5        3      4        4       2
    2           residential  4        2      5        5       3
    3           commercial   3        4      4        5       5

    quality  ratings 5×3 4×3 3×3 → mean 4.00, top-two 6/9 = 66.67 %, index (4−1)/4·100 = 75.00
    price    3×2 2×2 4×2         → mean 3.00, top-two 2/6 = 33.33 %, index 50.00
    company  4×2 5×2 4×2         → mean 4.33, top-two 100 %,        index 83.33
    safety   4×2 5×2 5×2         → mean 4.67, top-two 100 %,        index 91.67
    attitude 2, 3, 5             → mean 3.33, top-two 1/3 = 33.33 %, index 58.33
    overall index = .30·75 + .20·50 + .20·83.33 + .20·91.67 + .10·58.33 = 73.33
    residential: 87.5, 37.5, 87.5, 87.5, 37.5 → .3·87.5+.2·37.5+.2·87.5+.2·87.5+.1·37.5 = 72.50
    commercial:  50, 75, 75, 100, 100         → 15 + 15 + 15 + 20 + 10 = 75.00
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.surveys.analysis import campaign_analysis, rating_figures, weighted_index
from complaints.surveys.models import SurveyReport
from tests.surveys.factories import figures, make_campaign, make_report, make_response
from tests.surveys.factories_report import answered_campaign

pytestmark = pytest.mark.django_db


def _by_code(analysis: dict) -> dict:
    return {row["code"]: row for row in analysis["dimensions"]}


def test_each_dimension_has_the_hand_computed_mean_top_two_box_and_index():
    campaign = answered_campaign(year=2031)

    rows = _by_code(campaign_analysis(campaign))

    assert {
        code: (row["mean"], row["top2"], row["index"], row["n"], row["ratings"])
        for code, row in rows.items()
    } == {
        "service_quality": ("4.00", "66.67", "75.00", 3, 9),
        "package_price": ("3.00", "33.33", "50.00", 3, 6),
        "company": ("4.33", "100.00", "83.33", 3, 6),
        "safety": ("4.67", "100.00", "91.67", 3, 6),
        "attitude": ("3.33", "33.33", "58.33", 3, 3),
    }
    assert rows["attitude"]["distribution"] == {"1": 0, "2": 1, "3": 1, "4": 0, "5": 1}
    assert rows["service_quality"]["distribution"] == {"1": 0, "2": 0, "3": 3, "4": 3, "5": 3}


def test_the_overall_index_is_the_weighted_mean_of_the_dimension_indices():
    campaign = answered_campaign(year=2031)

    overall = campaign_analysis(campaign)["overall"]

    assert overall["index"] == "73.33"
    assert overall["n"] == 3
    assert overall["ratings"] == 30
    # 21 of the 30 ratings are 4 or 5; their plain mean is 118 / 30.
    assert overall["top2"] == "70.00"
    assert overall["mean"] == "3.93"


def test_the_index_by_stratum_weighs_each_stratums_dimension_indices():
    campaign = answered_campaign(year=2031)

    strata = {s["key"]: s for s in campaign_analysis(campaign)["strata"]}

    assert strata["residential"]["index"] == "72.50"
    assert strata["commercial"]["index"] == "75.00"
    assert (strata["residential"]["responses"], strata["commercial"]["responses"]) == (2, 1)
    commercial = {d["code"]: d["index"] for d in strata["commercial"]["dimensions"]}
    assert commercial == {
        "service_quality": "50.00",
        "package_price": "75.00",
        "company": "75.00",
        "safety": "100.00",
        "attitude": "100.00",
    }


def test_the_comparison_reads_last_years_approved_report():
    previous = make_campaign(year=2030, status="completed")
    make_report(
        previous,
        status=SurveyReport.Status.APPROVED,
        figures=figures("70", service_quality="80", package_price="45"),
    )
    campaign = answered_campaign(year=2031)

    analysis = campaign_analysis(campaign)

    assert analysis["previous"]["number"] == previous.number
    assert analysis["previous"]["source"] == "report"
    assert (analysis["overall"]["previous_index"], analysis["overall"]["change"]) == (
        "70.00",
        "3.33",
    )
    rows = _by_code(analysis)
    assert (rows["service_quality"]["previous_index"], rows["service_quality"]["change"]) == (
        "80.00",
        "-5.00",
    )
    assert rows["package_price"]["change"] == "5.00"
    # A dimension last year's report did not measure has nothing to compare with.
    assert rows["safety"]["previous_index"] is None
    assert rows["safety"]["change"] is None


def test_without_an_approved_report_last_years_answers_are_compared():
    previous = make_campaign(year=2030)
    make_response(previous, ratings=3)
    campaign = answered_campaign(year=2031)

    analysis = campaign_analysis(campaign)

    assert analysis["previous"]["source"] == "answers"
    # Every rating 3: every index 50, the overall index 50.
    assert analysis["overall"]["previous_index"] == "50.00"
    assert analysis["overall"]["change"] == "23.33"


def test_no_campaign_last_year_means_no_comparison():
    campaign = answered_campaign(year=2031)

    analysis = campaign_analysis(campaign)

    assert analysis["previous"] is None
    assert analysis["overall"]["change"] is None


def test_each_dimension_is_held_against_its_required_level():
    campaign = answered_campaign(year=2031)

    rows = _by_code(campaign_analysis(campaign))

    # Required levels of the data migration: quality 80, price 75, company 80, safety 85.
    assert (
        rows["service_quality"]["meets"],
        rows["company"]["meets"],
        rows["safety"]["meets"],
    ) == (False, True, True)


def test_a_campaign_without_answers_has_no_index():
    campaign = make_campaign(year=2031)

    analysis = campaign_analysis(campaign)

    assert analysis["overall"]["index"] is None
    assert all(row["index"] is None and row["n"] == 0 for row in analysis["dimensions"])


def test_free_text_answers_are_counted_with_their_tags():
    campaign = answered_campaign(year=2031)

    free_text = campaign_analysis(campaign)["free_text"]

    assert free_text["count"] == 3
    assert free_text["tags"] == []


def test_the_index_maps_a_mean_of_one_to_zero_and_five_to_a_hundred():
    assert rating_figures({1: 4})["index"] == "0.00"
    assert rating_figures({5: 4})["index"] == "100.00"
    assert rating_figures({})["index"] is None


def test_a_dimension_of_weight_zero_does_not_count_in_the_overall_index():
    rows = [{"code": "a", "index": "90.00"}, {"code": "b", "index": "10.00"}]

    assert weighted_index(rows, {"a": Decimal("1"), "b": Decimal("0")}) == "90.00"
    assert weighted_index(rows, {"a": Decimal("1"), "b": Decimal("3")}) == "30.00"


def test_the_analysis_costs_the_same_queries_whatever_the_number_of_answers():
    small = make_campaign(year=2031)
    make_response(small, ratings=4, text="好")
    large = make_campaign(year=2041)  # neither has a campaign the year before
    for rating in (1, 2, 3, 4, 5, 5):
        make_response(large, ratings=rating, text="好", stratum=f"s{rating}")

    with CaptureQueriesContext(connection) as one:
        campaign_analysis(small)
    with CaptureQueriesContext(connection) as six:
        campaign_analysis(large)

    assert len(six) == len(one)
