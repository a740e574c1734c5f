"""Issue 13, point 5: the drafting form's customer search returns only customers the drafter
may see, masked, from two characters on, capped; a plain GET of the page does the same
without script."""

import pytest
from django.urls import reverse

from contracts.selectors import CUSTOMER_SEARCH_LIMIT
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db

SEARCH = reverse("contracts:customer_search")


def _numbers(response) -> set[str]:
    return {row["number"] for row in response.json()["results"]}


def test_the_search_returns_only_the_customers_the_drafter_may_see(client):
    """Another staff member's customer, without a grant, is absent."""
    drafter, colleague = UserFactory(roles=["staff"]), UserFactory(roles=["staff"])
    mine = make_customer(by=drafter, name="翠湖宾馆")
    theirs = make_customer(by=colleague, name="翠湖饭店")
    client.force_login(drafter)

    response = client.get(SEARCH, {"q": "翠湖"})

    assert response.status_code == 200
    assert _numbers(response) == {mine.number}
    assert theirs.number not in response.content.decode()


def test_the_search_masks_the_document_number(client):
    drafter = UserFactory(roles=["staff"])
    customer = make_customer(by=drafter, name="滇池物业")
    client.force_login(drafter)

    row = client.get(SEARCH, {"q": "滇池"}).json()["results"][0]

    assert row["number"] == customer.number
    assert row["id_number"] and row["id_number"] != customer.id_number
    assert customer.id_number not in str(row)


def test_the_search_needs_two_characters(client):
    drafter = UserFactory(roles=["staff"])
    make_customer(by=drafter, name="金")
    client.force_login(drafter)

    assert client.get(SEARCH, {"q": "金"}).json()["results"] == []
    assert client.get(SEARCH, {"q": ""}).json()["results"] == []


def test_the_search_is_capped_and_says_there_are_more(client):
    drafter = UserFactory(roles=["staff"])
    for n in range(CUSTOMER_SEARCH_LIMIT + 2):
        make_customer(by=drafter, name=f"盘龙商户{n}")
    client.force_login(drafter)

    data = client.get(SEARCH, {"q": "盘龙"}).json()

    assert len(data["results"]) == CUSTOMER_SEARCH_LIMIT and data["more"] is True


def test_who_does_not_draft_contracts_may_not_search_through_the_form(client):
    client.force_login(UserFactory(roles=["archivist"]))

    assert client.get(SEARCH, {"q": "翠湖"}).status_code == 403


def test_without_script_the_drafting_page_lists_the_same_customers(client):
    """?find= on the drafting page: links that fill in the customer number."""
    drafter, colleague = UserFactory(roles=["staff"]), UserFactory(roles=["staff"])
    mine = make_customer(by=drafter, name="官渡超市")
    theirs = make_customer(by=colleague, name="官渡酒店")
    client.force_login(drafter)

    html = client.get(reverse("contracts:create"), {"find": "官渡"}).content.decode()

    assert f'data-customer-choice="{mine.number}"' in html
    assert theirs.number not in html
