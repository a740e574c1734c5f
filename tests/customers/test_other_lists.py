"""The other ERP lists (issue 13, point 3): budgets, delivery notices and access requests
filtered through their FilterSets, sorted by a whitelist (an unknown key is ignored) at a
constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts import services as contract_services
from customers import services
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer, make_notice

pytestmark = pytest.mark.django_db


def _queries(client, url, params) -> int:
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def _budget(by, customer, description="管网改造"):
    return contract_services.budget_create(
        by=by,
        customer=customer,
        description=description,
        lines=[{"description": "调压箱", "quantity": 1, "unit": "台", "unit_price": 100}],
    )


def test_budgets_are_searched_filtered_and_sorted_at_constant_queries(client, budget_user):
    staff = UserFactory(roles=["staff"])
    wanted = make_customer(by=staff, name="春城工厂")
    first = _budget(budget_user, wanted)
    contract_services.budget_issue(budget=first, by=budget_user)
    other = _budget(budget_user, make_customer(by=staff, name="翠湖饭店"))
    client.force_login(budget_user)
    url = "/contracts/budgets/"

    searched = client.get(url, {"q": "春城"}).content.decode()
    not_issued = client.get(url, {"issued": "no"}).content.decode()
    unknown = client.get(url, {"sort": "prepared_by__password"})

    assert first.number in searched and other.number not in searched
    assert other.number in not_issued and first.number not in not_issued
    assert unknown.status_code == 200
    html = unknown.content.decode()
    assert html.index(other.number) < html.index(first.number)  # newest first
    counts = [_queries(client, url, {"sort": key}) for key in ("number", "-customer")]
    for _ in range(5):
        _budget(budget_user, wanted)
    assert counts == [_queries(client, url, {"sort": key}) for key in ("number", "-customer")]


def test_notices_are_searched_and_sorted_at_constant_queries(client, planning_user):
    first = make_notice(planner=planning_user, community="翠湖小区", with_drawing=False)
    second = make_notice(planner=planning_user, community="金碧小区", with_drawing=False)
    client.force_login(planning_user)
    url = "/customers/notices/"

    searched = client.get(url, {"q": "金碧"}).content.decode()
    ascending = client.get(url, {"sort": "number"}).content.decode()
    unknown = client.get(url, {"sort": "issued_by__password"})

    assert second.number in searched and first.number not in searched
    assert ascending.index(first.number) < ascending.index(second.number)
    assert unknown.status_code == 200
    counts = [_queries(client, url, {"sort": key}) for key in ("number", "-issued")]
    for _ in range(5):
        make_notice(planner=planning_user, with_drawing=False)
    assert counts == [_queries(client, url, {"sort": key}) for key in ("number", "-issued")]


def test_access_requests_are_found_by_customer_number_and_status(client, gm):
    requester = UserFactory(roles=["staff"])
    owner = UserFactory(roles=["staff"])
    wanted, other = make_customer(by=owner), make_customer(by=owner)
    mine = services.access_request_create(
        requester=requester, customers=[wanted], purpose="核对", scope="view", days=3
    )
    services.access_request_create(
        requester=requester, customers=[other], purpose="核对", scope="view", days=3
    )
    url = "/customers/access-requests/"

    client.force_login(requester)
    found = client.get(url, {"q": wanted.number.lower()}).content.decode()
    unknown = client.get(url, {"sort": "requester__password"})
    client.force_login(gm)
    by_gm = client.get(url, {"status": mine.status}).content.decode()

    body = found.split('id="my-access-requests">')[1].split("</table>")[0]
    assert wanted.number in body and other.number not in body
    assert unknown.status_code == 200
    assert wanted.number in by_gm and other.number in by_gm  # the GM sees every request
