"""The contract lists as ERP lists (issue 13, point 3): one FilterSet on every tab over what
the user may see, whitelisted sorting at a constant number of queries, the search by contract
number or customer name, and links that keep the filters."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts import services
from contracts.filters import SORTS
from contracts.models import ContractType
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db

URL = "/contracts/"
KEYS = [*SORTS, *(f"-{key}" for key in SORTS)]


def _numbers(response) -> list[str]:
    body = response.content.decode().split('id="contracts">')[1].split("</table>")[0]
    return re.findall(r'<a href="/contracts/\d+/">([^<]+)</a>', body)


def _draft(by, customer, title="供气"):
    return services.contract_create(
        by=by,
        contract_type=ContractType.objects.get(code="residential_supply"),
        customer=customer,
        title=title,
    )


def _queries_per_sort(client) -> dict[str, int]:
    counts = {}
    for key in KEYS:
        client.get(URL, {"tab": "all", "sort": key})
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"tab": "all", "sort": key, "status": "draft", "q": "居"})
        assert response.status_code == 200
        counts[key] = len(captured)
    return counts


def test_every_sort_costs_the_same_queries_for_5_and_50_rows(client, staff_user):
    customer = make_customer(by=staff_user, name="居民合同户")
    for _ in range(5):
        _draft(staff_user, customer)
    client.force_login(staff_user)
    five = _queries_per_sort(client)

    for _ in range(45):
        _draft(staff_user, customer)
    fifty = _queries_per_sort(client)

    assert five == fifty
    assert len(_numbers(client.get(URL, {"tab": "all", "sort": "customer"}))) == 50


@pytest.mark.parametrize("key", ["created_by__password", "secret", "-", "amount'"])
def test_an_unknown_sort_key_is_ignored(client, staff_user, key):
    customer = make_customer(by=staff_user)
    contracts = [_draft(staff_user, customer) for _ in range(3)]
    client.force_login(staff_user)

    response = client.get(URL, {"tab": "all", "sort": key})

    assert response.status_code == 200
    assert _numbers(response) == [c.number for c in reversed(contracts)]


def test_the_customer_sort_orders_by_the_customers_name(client, staff_user):
    second = _draft(staff_user, make_customer(by=staff_user, name="乙户"))
    first = _draft(staff_user, make_customer(by=staff_user, name="甲户"))
    client.force_login(staff_user)

    ascending = _numbers(client.get(URL, {"tab": "mine", "sort": "customer"}))
    descending = _numbers(client.get(URL, {"tab": "mine", "sort": "-customer"}))

    expected = [c.number for c in sorted([first, second], key=lambda c: c.customer.name)]
    assert ascending == expected and descending == expected[::-1]


def test_the_search_finds_a_contract_by_number_or_customer_name_on_every_tab(client, staff_user):
    wanted = _draft(staff_user, make_customer(by=staff_user, name="春城米线"))
    other = _draft(staff_user, make_customer(by=staff_user, name="翠湖茶社"))
    client.force_login(staff_user)

    for tab in ("mine", "all"):
        assert _numbers(client.get(URL, {"tab": tab, "q": "米线"})) == [wanted.number]
        assert _numbers(client.get(URL, {"tab": tab, "q": other.number})) == [other.number]


def test_the_search_never_reaches_a_contract_the_user_may_not_see(client, staff_user):
    stranger = UserFactory(roles=["staff"])
    hidden = _draft(stranger, make_customer(by=stranger, name="别人的客户"))
    client.force_login(staff_user)

    response = client.get(URL, {"tab": "all", "q": "别人"})

    assert _numbers(response) == [] and hidden.number not in response.content.decode()


def test_the_paging_links_keep_the_tab_filters_and_sort(client, staff_user):
    customer = make_customer(by=staff_user)
    for _ in range(21):
        _draft(staff_user, customer)
    client.force_login(staff_user)

    response = client.get(URL, {"tab": "all", "status": "draft", "sort": "-number", "size": 20})

    html = response.content.decode()
    assert len(_numbers(response)) == 20
    assert 'href="?tab=all&amp;status=draft&amp;sort=-number&amp;size=20&amp;page=2"' in html
    assert 'id="list-count" data-count="21"' in html
