"""The customer list as an ERP list (issue 13, point 3): a FilterSet over what the user may
read, whitelisted sorting at a constant number of queries, the page size, links that keep the
filters, the export of the filtered rows, and the search by a phone's last digits among the
customers the user may read only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.filters import SORTS
from customers.models import Customer
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db

URL = reverse("customers:list")
KEYS = [*SORTS, *(f"-{key}" for key in SORTS)]


def _ids(response) -> list[int]:
    body = response.content.decode().split('id="customers">')[1].split("</table>")[0]
    return [int(pk) for pk in re.findall(r'<a href="/customers/(\d+)/">', body)]


def _queries_per_sort(client) -> dict[str, int]:
    counts = {}
    for key in KEYS:
        client.get(URL, {"sort": key})  # warm the session and caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"sort": key, "status": "draft"})
        assert response.status_code == 200
        counts[key] = len(captured)
    return counts


def test_every_sort_costs_the_same_queries_for_5_and_50_rows(client, staff_user):
    """Each whitelisted key, both ways, with a filter: 50 rows cost what 5 cost."""
    for _ in range(5):
        make_customer(by=staff_user)
    client.force_login(staff_user)
    five = _queries_per_sort(client)

    for _ in range(45):
        make_customer(by=staff_user, custodian=UserFactory(roles=["archivist"]))
    fifty = _queries_per_sort(client)

    assert five == fifty
    assert len(_ids(client.get(URL, {"sort": "name"}))) == 50


def test_each_sort_key_orders_the_rows_with_the_id_as_tiebreak(client, gm):
    rep = UserFactory(roles=["staff"])
    names = ["丙", "甲", "乙", "甲"]
    customers = [make_customer(by=rep, name=name) for name in names]
    client.force_login(gm)

    by_name = _ids(client.get(URL, {"sort": "name"}))
    by_name_desc = _ids(client.get(URL, {"sort": "-name"}))
    by_number = _ids(client.get(URL, {"sort": "number"}))

    expected = [c.pk for c in sorted(customers, key=lambda c: (c.name, c.pk))]
    assert by_name == expected
    assert by_name_desc == expected[::-1]
    assert by_number == [c.pk for c in sorted(customers, key=lambda c: c.number)]


@pytest.mark.parametrize("key", ["password", "sales_rep__password", "-", "number;drop", "名"])
def test_an_unknown_sort_key_is_ignored(client, gm, key):
    """Not a 500: the default order (newest first)."""
    customers = [make_customer(by=UserFactory(roles=["staff"])) for _ in range(3)]
    client.force_login(gm)

    response = client.get(URL, {"sort": key})

    assert response.status_code == 200
    assert _ids(response) == [c.pk for c in reversed(customers)]


def test_the_page_size_is_chosen_from_the_whitelist(client, staff_user):
    for _ in range(21):
        make_customer(by=staff_user)
    client.force_login(staff_user)

    assert len(_ids(client.get(URL, {"size": 20}))) == 20
    assert len(_ids(client.get(URL, {"size": 7}))) == 21  # not offered: the default (50)


def test_the_links_keep_the_filters_and_the_sort(client, staff_user):
    for _ in range(21):
        make_customer(by=staff_user, category="commercial")
    client.force_login(staff_user)

    html = client.get(
        URL, {"category": "commercial", "sort": "-number", "size": 20, "page": 1}
    ).content.decode()

    assert 'href="?category=commercial&amp;sort=-number&amp;size=20&amp;page=2"' in html
    assert 'href="?category=commercial&amp;size=20&amp;sort=number"' in html  # the toggle
    assert 'href="?category=commercial&amp;sort=-number&amp;size=100"' in html
    assert 'id="list-count" data-count="21"' in html


def test_a_filter_narrows_the_list_in_the_database(client, staff_user):
    draft = make_customer(by=staff_user)
    other = make_customer(by=staff_user, category="commercial")
    client.force_login(staff_user)

    assert _ids(client.get(URL, {"category": "commercial"})) == [other.pk]
    assert draft.pk not in _ids(client.get(URL, {"category": "commercial"}))
    assert _ids(client.get(URL, {"status": "closed"})) == []


def test_the_export_holds_the_filtered_rows_only(client, staff_user):
    wanted = make_customer(by=staff_user, category="commercial", name="导出单位")
    unwanted = make_customer(by=staff_user, name="不导出居民")
    client.force_login(staff_user)

    response = client.get(URL, {"category": "commercial", "export": "csv"})

    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert wanted.number in body and unwanted.number not in body


# --- A phone's last digits ----------------------------------------------------------------------
def _with_mobile(by, mobile):
    return make_customer(by=by, contacts=[{"name": "联系人", "mobile": mobile}])


@pytest.mark.parametrize("term", ["8000", "38000", "0013 8000", "13800138000"])
def test_the_last_digits_of_a_phone_find_the_customer(client, staff_user, term):
    mine = _with_mobile(staff_user, "13800138000")
    make_customer(by=staff_user)
    client.force_login(staff_user)

    assert _ids(client.get(URL, {"q": term})) == [mine.pk]


def test_the_last_digits_find_only_customers_the_user_may_read(client, staff_user):
    """第十一条 first: another staff member's customer with the same ending is neither listed
    nor hinted at."""
    mine = _with_mobile(staff_user, "13800138000")
    theirs = _with_mobile(UserFactory(roles=["staff"]), "13900008000")
    client.force_login(staff_user)

    response = client.get(URL, {"q": "8000"})

    assert _ids(response) == [mine.pk]
    assert theirs.number not in response.content.decode()


def test_the_general_manager_finds_every_customer_by_the_last_digits(client, gm):
    first = _with_mobile(UserFactory(roles=["staff"]), "13800138000")
    second = _with_mobile(UserFactory(roles=["staff"]), "13900008000")
    client.force_login(gm)

    assert sorted(_ids(client.get(URL, {"q": "8000"}))) == sorted([first.pk, second.pk])


def test_three_digits_are_not_a_phone_ending(client, staff_user):
    _with_mobile(staff_user, "13800138000")
    client.force_login(staff_user)

    assert _ids(client.get(URL, {"q": "000"})) == []
    assert Customer.objects.count() == 1
