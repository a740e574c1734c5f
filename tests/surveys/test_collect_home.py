"""Part A: the overdue-campaign warning, the home tiles, the menu entry and the customer
archive's record of participation."""

import datetime

import pytest
from django.urls import reverse

from complaints.surveys import tiles
from complaints.surveys.models import Respondent
from complaints.surveys.selectors.campaigns import (
    campaign_due_date,
    campaign_overdue_warning,
    customer_survey_participation,
)
from core.navigation import items_for
from tests.surveys.factories import make_campaign, make_response
from tests.surveys.factories_collect import (
    collecting_campaign,
    full_answers,
    make_customers,
    office_user,
    planned_campaign,
)

pytestmark = pytest.mark.django_db


def test_the_start_by_date_is_a_setting(settings):
    settings.SURVEYS_CAMPAIGN_START_BY = "03-31"

    assert campaign_due_date(2027) == datetime.date(2027, 3, 31)


def test_no_campaign_started_by_the_date_warns_the_office_and_the_gm(settings, gm,
                                                                     staff_user):
    settings.SURVEYS_CAMPAIGN_START_BY = "06-30"
    office = office_user()
    before, after = datetime.date(2026, 6, 30), datetime.date(2026, 7, 1)

    assert campaign_overdue_warning(office, today=before) is None
    assert campaign_overdue_warning(office, today=after) == {
        "year": 2026, "due": datetime.date(2026, 6, 30)}
    assert campaign_overdue_warning(gm, today=after) is not None
    assert campaign_overdue_warning(staff_user, today=after) is None


def test_a_planned_campaign_does_not_lift_the_warning_a_started_one_does(settings):
    settings.SURVEYS_CAMPAIGN_START_BY = "01-01"
    make_customers(1)
    office = office_user()
    planned_campaign(by=office, year=2026)
    today = datetime.date(2026, 7, 1)

    assert campaign_overdue_warning(office, today=today) is not None
    collecting_campaign(by=office, year=2026)
    assert campaign_overdue_warning(office, today=today) is None


def test_the_tiles_count_the_open_respondents(staff_user):
    make_customers(3)
    office = office_user()
    campaign = collecting_campaign(by=office)
    first = Respondent.objects.filter(campaign=campaign).first()
    from complaints.surveys.services.collection import response_enter

    response_enter(respondent=first, by=office, channel="paper",
                   answers=full_answers(campaign.questionnaire))

    assert tiles.respondents_open(office) == 2
    assert tiles.respondents_open(staff_user) == 0
    assert tiles.campaign_overdue(staff_user) == 0


def test_the_menu_shows_surveys_to_the_office_and_the_gm_only(gm, staff_user, rf):
    # The entry opens the campaigns (every menu page answers 200, core's security test).
    url = reverse("surveys:campaigns")

    for user, shown in ((office_user(), True), (gm, True), (staff_user, False)):
        assert any(item["url"] == url for item in items_for(user)) is shown


def test_the_customer_archive_records_the_participation(gm, staff_user):
    campaign = make_campaign()
    response = make_response(campaign, ratings=4)
    customer = response.respondent.customer

    rows = customer_survey_participation(user=gm, customer=customer)
    hidden = customer_survey_participation(user=staff_user, customer=customer)

    assert [row["respondent"].code for row in rows] == [response.respondent.code]
    assert rows[0]["answered_at"] == response.answered_at
    assert rows[0]["url"] == reverse("surveys:respondent", args=[response.respondent.pk])
    assert hidden[0]["url"] == ""  # no link to the answers for others
