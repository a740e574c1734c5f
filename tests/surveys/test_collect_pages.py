"""Part A pages: who reaches the campaigns, drawing the sample, the respondents' buttons,
entry by code (paper) and by telephone (who called and when), the public web link (single
use, expiry, rate limit), the paper questionnaires' PDF."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.surveys.models import Campaign, Respondent, Response
from complaints.surveys.services.collection import respondent_invite
from tests.accounts.factories import UserFactory
from tests.surveys.factories import make_campaign
from tests.surveys.factories_collect import (
    collecting_campaign,
    full_answers,
    make_customers,
    office_user,
    planned_campaign,
)

pytestmark = pytest.mark.django_db


def _answer_post(questionnaire, **extra) -> dict:
    data = {f"q{pk}": value for pk, value in full_answers(questionnaire, text="好").items()}
    return data | extra


def test_office_and_gm_open_the_campaigns_staff_gets_404(client, staff_user, gm):
    campaign = make_campaign()
    office = office_user()

    for user, expected in ((office, 200), (gm, 200), (staff_user, 404)):
        client.force_login(user)
        assert client.get(reverse("surveys:campaigns")).status_code == expected
        assert client.get(campaign.get_absolute_url()).status_code == expected
    client.force_login(staff_user)
    assert client.get(reverse("surveys:home")).status_code == 404


def test_home_sends_the_office_to_the_campaigns(client):
    client.force_login(office_user())

    response = client.get(reverse("surveys:home"))

    assert response.status_code == 302 and response.url == reverse("surveys:campaigns")


def test_an_unknown_campaign_is_a_404(client):
    client.force_login(office_user())

    assert client.get(reverse("surveys:campaign", args=[999_999])).status_code == 404


def test_office_plans_a_campaign_and_draws_its_sample(client):
    make_customers(4)
    office = office_user()
    client.force_login(office)
    from tests.surveys.factories import default_questionnaire

    response = client.post(reverse("surveys:campaigns"), {
        "title": "满意度调查", "year": timezone.localdate().year,
        "questionnaire": default_questionnaire().pk, "is_census": "on", "confidence": "0.95",
        "margin": "0.05", "token_valid_days": 30})

    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == campaign.get_absolute_url()
    assert campaign.number.startswith(f"MY-{campaign.year}-")
    client.post(reverse("surveys:campaign_action", args=[campaign.pk, "draw_sample"]))
    campaign.refresh_from_db()
    assert campaign.is_sampled and campaign.sample_size == 4
    page = client.get(campaign.get_absolute_url())
    assert page.status_code == 200
    assert b'id="stratum-rates"' in page.content
    assert b'data-action="start_collection"' in page.content


def test_the_gm_sees_a_campaign_but_may_not_draw_its_sample(client, gm):
    make_customers(2)
    campaign = planned_campaign(is_census=True)
    client.force_login(gm)

    page = client.get(campaign.get_absolute_url())
    response = client.post(reverse("surveys:campaign_action", args=[campaign.pk, "draw_sample"]))

    assert b'data-action="draw_sample"' not in page.content
    assert response.status_code == 403
    campaign.refresh_from_db()
    assert not campaign.is_sampled


def test_staff_may_not_act_on_a_campaign_or_respondent(client, staff_user):
    make_customers(1)
    campaign = collecting_campaign()
    respondent = Respondent.objects.get(campaign=campaign)
    client.force_login(staff_user)

    assert client.post(reverse("surveys:campaign_action",
                               args=[campaign.pk, "end_collection"])).status_code == 404
    assert client.post(reverse("surveys:respondent_action",
                               args=[respondent.pk, "refuse"])).status_code == 404
    assert client.get(reverse("surveys:enter", args=[respondent.pk])).status_code == 404
    assert client.get(reverse("surveys:respondent_paper", args=[respondent.pk])).status_code == 404


def test_the_respondents_buttons_follow_their_status(client):
    make_customers(2)
    office = office_user()
    campaign = collecting_campaign(by=office)
    first, second = Respondent.objects.filter(campaign=campaign)
    client.force_login(office)

    client.post(reverse("surveys:respondent_action", args=[first.pk, "refuse"]),
                {"note": "不愿意"})
    response = client.post(reverse("surveys:respondent_action", args=[second.pk, "invite"]))

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Respondent.Status.REFUSED and first.outcome_note == "不愿意"
    assert second.status == Respondent.Status.INVITED and second.token_digest
    assert response.status_code == 200 and b"/surveys/answer/" in response.content
    assert Respondent.history.filter(id=first.pk, history_user=office,
                                     status=Respondent.Status.REFUSED).exists()
    page = client.get(campaign.get_absolute_url()).content.decode()
    row = page[page.index(f'data-code="{second.code}"'):]
    row = row[:row.index("</tr>")]
    assert 'data-action="remind"' in row and 'data-action="invite"' not in row


def test_the_entry_page_finds_the_questionnaire_by_code(client):
    make_customers(1)
    office = office_user()
    campaign = collecting_campaign(by=office)
    respondent = Respondent.objects.get(campaign=campaign)
    client.force_login(office)

    typed = respondent.code.lower()[:4] + "-" + respondent.code.lower()[4:]
    found = client.get(reverse("surveys:entry"), {"code": typed})
    missing = client.get(reverse("surveys:entry"), {"code": "ZZZZZZZZ"})

    assert found.status_code == 302 and found.url == reverse("surveys:enter", args=[respondent.pk])
    assert missing.status_code == 404


def test_a_paper_answer_is_entered_once(client):
    make_customers(1)
    office = office_user()
    campaign = collecting_campaign(by=office)
    respondent = Respondent.objects.get(campaign=campaign)
    client.force_login(office)
    url = reverse("surveys:enter", args=[respondent.pk])

    first = client.post(url, _answer_post(campaign.questionnaire, channel="paper"))
    second = client.post(url, _answer_post(campaign.questionnaire, channel="paper"))

    assert first.status_code == 302
    response = Response.objects.get(respondent=respondent)
    assert response.channel == Response.Channel.PAPER and response.entered_by == office
    assert response.called_by is None
    assert second.status_code == 302  # refused with a message, nothing stored again
    assert Response.objects.filter(respondent=respondent).count() == 1


def test_a_missing_answer_is_named_and_nothing_is_stored(client):
    make_customers(1)
    office = office_user()
    campaign = collecting_campaign(by=office)
    respondent = Respondent.objects.get(campaign=campaign)
    client.force_login(office)
    data = _answer_post(campaign.questionnaire, channel="paper")
    missing = next(key for key, value in data.items() if key.startswith("q")
                   and isinstance(value, int) and 1 <= value <= 5)
    del data[missing]

    response = client.post(reverse("surveys:enter", args=[respondent.pk]), data)

    assert response.status_code == 400
    assert f'id="{missing}_error"'.encode() in response.content
    assert not Response.objects.filter(respondent=respondent).exists()


def test_a_phone_answer_records_who_called_and_when(client):
    make_customers(1)
    office, caller = office_user(), office_user()
    campaign = collecting_campaign(by=office)
    respondent = Respondent.objects.get(campaign=campaign)
    client.force_login(office)
    called_at = timezone.localtime() - datetime.timedelta(hours=2)

    response = client.post(reverse("surveys:enter", args=[respondent.pk]), _answer_post(
        campaign.questionnaire, channel="phone", called_by=caller.pk,
        called_at=called_at.strftime("%Y-%m-%dT%H:%M")))

    assert response.status_code == 302
    stored = Response.objects.get(respondent=respondent)
    assert stored.channel == Response.Channel.PHONE
    assert stored.called_by == caller and stored.entered_by == office
    assert abs(stored.called_at - called_at) < datetime.timedelta(minutes=1)


def test_a_phone_answer_without_a_caller_is_the_office_member_now(client):
    make_customers(1)
    office = office_user()
    campaign = collecting_campaign(by=office)
    respondent = Respondent.objects.get(campaign=campaign)
    client.force_login(office)

    client.post(reverse("surveys:enter", args=[respondent.pk]),
                _answer_post(campaign.questionnaire, channel="phone"))

    stored = Response.objects.get(respondent=respondent)
    assert stored.called_by == office and stored.called_at is not None


def test_a_caller_outside_the_office_is_refused(client):
    make_customers(1)
    office = office_user()
    campaign = collecting_campaign(by=office)
    respondent = Respondent.objects.get(campaign=campaign)
    client.force_login(office)

    response = client.post(reverse("surveys:enter", args=[respondent.pk]), _answer_post(
        campaign.questionnaire, channel="phone", called_by=UserFactory(roles=["staff"]).pk))

    assert response.status_code == 400
    assert not Response.objects.filter(respondent=respondent).exists()


# --- The web link ------------------------------------------------------------------------------
def _invited(office=None):
    make_customers(1)
    office = office or office_user()
    campaign = collecting_campaign(by=office)
    respondent = Respondent.objects.get(campaign=campaign)
    token = respondent_invite(respondent=respondent, by=office)
    return campaign, respondent, token


def test_a_web_link_answers_once_without_login(client):
    campaign, respondent, token = _invited()
    url = reverse("surveys:answer", args=[token])

    page = client.get(url)
    first = client.post(url, _answer_post(campaign.questionnaire))
    second = client.post(url, _answer_post(campaign.questionnaire))

    assert page.status_code == 200 and b'id="survey-answer-form"' in page.content
    assert first.status_code == 302 and first.url == reverse("surveys:answer_thanks")
    respondent.refresh_from_db()
    assert respondent.status == Respondent.Status.ANSWERED
    assert Response.objects.get(respondent=respondent).channel == Response.Channel.WEB
    assert second.status_code == 410  # gone: "already answered", not "not valid" (404)
    assert b'data-reason="answered"' in second.content
    assert Response.objects.filter(respondent=respondent).count() == 1


def test_an_expired_link_is_refused(client):
    campaign, respondent, token = _invited()
    respondent.refresh_from_db()
    respondent.token_expires_at = timezone.now() - datetime.timedelta(minutes=1)
    respondent.save()

    response = client.post(reverse("surveys:answer", args=[token]),
                           _answer_post(campaign.questionnaire))

    assert response.status_code == 410 and b'data-reason="expired"' in response.content
    assert not Response.objects.filter(respondent=respondent).exists()


def test_an_unknown_token_is_a_404(client):
    response = client.get(reverse("surveys:answer", args=["not-a-token"]))

    assert response.status_code == 404 and b'data-reason="unknown"' in response.content


def test_a_reissued_link_replaces_the_old_one(client):
    campaign, respondent, token = _invited()
    client.force_login(office_user())
    client.post(reverse("surveys:respondent_action", args=[respondent.pk, "reissue_link"]))
    client.logout()

    response = client.get(reverse("surveys:answer", args=[token]))

    assert response.status_code == 404


def test_the_answer_page_is_rate_limited_per_address(client, settings):
    from complaints.surveys.views import public

    campaign, respondent, token = _invited()
    url = reverse("surveys:answer", args=["guess"])
    limit = public.ANSWER_WINDOWS[0].limit

    statuses = [client.get(url).status_code for _ in range(limit + 1)]
    refused = client.post(reverse("surveys:answer", args=[token]),
                          _answer_post(campaign.questionnaire))

    assert statuses[:limit] == [404] * limit and statuses[-1] == 429
    assert refused.status_code == 429
    assert not Response.objects.filter(respondent=respondent).exists()


def test_a_closed_campaign_refuses_its_links(client):
    campaign, respondent, token = _invited()
    from complaints.surveys.services.campaigns import campaign_end_collection

    campaign_end_collection(campaign=campaign, by=office_user())

    response = client.get(reverse("surveys:answer", args=[token]))

    assert response.status_code == 410 and b'data-reason="closed"' in response.content


# --- Paper -------------------------------------------------------------------------------------
def test_the_paper_questionnaires_carry_each_code_and_a_qr_code(client):
    pytest.importorskip("segno")
    from complaints.surveys.paper import paper_context, qr_svg

    make_customers(2)
    office = office_user()
    campaign = collecting_campaign(by=office)
    respondents = list(Respondent.objects.filter(campaign=campaign).select_related("customer"))

    context = paper_context(campaign=campaign, respondents=respondents)
    client.force_login(office)
    response = client.get(reverse("surveys:campaign_paper", args=[campaign.pk]))

    assert [row["code"] for row in context["respondents"]] == [r.code for r in respondents]
    assert all(row["qr"].startswith("<svg") for row in context["respondents"])
    assert "http" not in qr_svg("ABCD2345")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_the_gm_reads_the_answers_but_enters_none(client, gm):
    make_customers(2)
    office = office_user()
    campaign = collecting_campaign(by=office)
    answered, other = Respondent.objects.filter(campaign=campaign)
    from complaints.surveys.services.collection import response_enter

    response_enter(respondent=answered, by=office, channel="paper",
                   answers=full_answers(campaign.questionnaire, text="很好"))
    client.force_login(gm)

    page = client.get(reverse("surveys:respondent", args=[answered.pk]))
    entry = client.get(reverse("surveys:entry"), {"code": other.code})
    post = client.post(reverse("surveys:enter", args=[other.pk]),
                       _answer_post(campaign.questionnaire, channel="paper"))

    assert page.status_code == 200 and "很好" in page.content.decode()
    assert entry.status_code == 403 and post.status_code == 403
    assert not Response.objects.filter(respondent=other).exists()


def test_answers_are_not_entered_for_a_campaign_that_is_not_collecting(client):
    make_customers(1)
    office = office_user()
    collecting = collecting_campaign(by=office)
    from complaints.surveys.services.campaigns import campaign_end_collection

    campaign_end_collection(campaign=collecting, by=office)
    respondent = Respondent.objects.get(campaign=collecting)
    client.force_login(office)

    found = client.get(reverse("surveys:entry"), {"code": respondent.code})
    post = client.post(reverse("surveys:enter", args=[respondent.pk]),
                       _answer_post(collecting.questionnaire, channel="paper"))

    assert found.url == reverse("surveys:respondent", args=[respondent.pk])
    assert post.status_code == 302
    assert not Response.objects.filter(respondent=respondent).exists()
