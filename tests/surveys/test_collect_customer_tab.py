"""§5: a survey leaves a record in the customer's archive — the customer page's surveys tab
shows the campaigns the customer was sampled in, to the customer's readers only, and reading
it writes the customer's read log."""

import pytest

from core.models import AccessLog
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer
from tests.surveys.factories import make_campaign, make_respondent, make_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def sampled():
    custodian = UserFactory(roles=["staff"])
    customer = make_customer(by=custodian)
    campaign = make_campaign()
    respondent = make_respondent(campaign, customer=customer)
    other = make_respondent(make_campaign(year=campaign.year - 1), customer=customer)
    make_response(other.campaign, ratings=4, respondent=other)
    return custodian, customer, respondent, other


def test_the_customers_reader_sees_where_the_customer_took_part(client, sampled):
    custodian, customer, respondent, answered = sampled
    client.force_login(custodian)
    before = AccessLog.objects.filter(object_id=str(customer.pk)).count()

    response = client.get(customer.get_absolute_url() + "?tab=surveys")

    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-code="{respondent.code}"' in page
    assert f'data-code="{answered.code}"' in page
    assert [row["respondent"] for row in response.context["survey_participation"]] == [
        respondent, answered]
    assert response.context["survey_participation"][1]["answered_at"] is not None
    assert AccessLog.objects.filter(object_id=str(customer.pk)).count() == before + 1


def test_the_answers_link_is_for_the_office_only(client, sampled):
    custodian, customer, respondent, _ = sampled
    client.force_login(custodian)

    rows = client.get(customer.get_absolute_url() + "?tab=surveys").context[
        "survey_participation"]

    assert all(row["url"] == "" for row in rows)


def test_a_user_who_may_not_read_the_customer_gets_404(client, sampled):
    _, customer, respondent, _ = sampled
    client.force_login(UserFactory(roles=["staff"]))

    response = client.get(customer.get_absolute_url() + "?tab=surveys")

    assert response.status_code == 404
    assert respondent.code not in response.content.decode()


def test_opening_a_respondent_writes_the_customers_read_log(client, sampled):
    """第十一条: the respondent page shows the customer's number and name to the office; the
    read is logged against the customer with the survey as its basis."""
    from django.urls import reverse

    _, customer, respondent, _ = sampled
    office = UserFactory(roles=["office"])
    client.force_login(office)

    response = client.get(reverse("surveys:respondent", args=[respondent.pk]))

    entry = AccessLog.objects.filter(object_id=str(customer.pk)).latest("pk")
    assert response.status_code == 200
    assert (entry.user_id, entry.grant.partition(":")[0]) == (office.pk, "satisfaction_survey")
