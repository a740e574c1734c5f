"""The customer list at any archive size (issue 10): a fixed number of queries whatever the
page holds, a count that stops at core.paginator.COUNT_CAP while the pages still navigate,
and rows whose values (labels, masked document number, names) are computed once per page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.text import mask_id_number
from customers.models import Customer
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer, make_notice

pytestmark = pytest.mark.django_db


def _queries(client, params=None) -> int:
    client.get(reverse("customers:list"), params or {})  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("customers:list"), params or {})
    assert response.status_code == 200
    return len(captured)


def _rows(html: str) -> list[str]:
    body = html.split('<table class="table table-hover bg-white align-middle" id="customers">')[1]
    return re.findall(r'<a href="/customers/(\d+)/">', body.split("</table>")[0])


def _leave(user):
    user.is_active = False
    user.save()


# --- Queries ------------------------------------------------------------------------------------
def test_the_staff_list_costs_the_same_queries_for_1_and_6_rows(client, staff_user):
    """Labels, masked numbers and names come with the page, not one query per row."""
    make_customer(by=staff_user)
    client.force_login(staff_user)
    one = _queries(client)

    for _ in range(5):
        make_customer(by=staff_user, custodian=UserFactory(roles=["archivist"]))
    six = _queries(client)

    assert one == six


def test_the_gm_list_costs_the_same_queries_for_1_and_6_rows_of_several_staff(client, gm):
    """Names of staff who left (not among the custodian filter's users) are read in one query
    for the whole page."""
    former = UserFactory(roles=["staff"])
    make_customer(by=former)
    _leave(former)
    client.force_login(gm)
    one = _queries(client)

    for _ in range(5):
        other = UserFactory(roles=["staff"])
        make_customer(by=other)
        _leave(other)
    six = _queries(client)

    assert one == six


def test_a_name_search_costs_the_same_queries_for_1_and_6_rows(client, staff_user):
    make_customer(by=staff_user, name="张秀英")
    client.force_login(staff_user)
    one = _queries(client, {"q": "秀英"})

    for n in range(5):
        make_customer(by=staff_user, name=f"李秀英{n}")
    six = _queries(client, {"q": "秀英"})

    assert one == six


# --- Rows ---------------------------------------------------------------------------------------
def test_a_row_shows_labels_the_masked_document_number_and_both_names(client, gm):
    rep = UserFactory(roles=["staff"], last_name="王", first_name="芳")
    keeper = UserFactory(roles=["archivist"], last_name="赵", first_name="敏")
    customer = make_customer(by=rep, custodian=keeper, low_income=True, name="行内客户")
    _leave(rep)  # a former member of staff is still named
    client.force_login(gm)

    html = client.get(reverse("customers:list")).content.decode()

    row = re.search(rf'<tr>\s*<td><a href="{customer.get_absolute_url()}">.*?</tr>', html, re.S)
    assert row, html
    cells = re.findall(r"<td>(.*?)</td>", row.group(0), re.S)
    assert cells[1].startswith("行内客户") and "badge" in cells[1]
    assert cells[2:] == [customer.get_category_display(), mask_id_number(customer.id_number),
                         customer.get_status_display(), customer.get_archive_state_display(),
                         "王芳", "赵敏"]
    assert customer.id_number not in html


def test_the_filter_bar_keeps_the_chosen_values(client, gm, archivist):
    make_customer(by=UserFactory(roles=["staff"]), custodian=archivist)
    client.force_login(gm)

    html = client.get(reverse("customers:list"), {
        "q": "客户<x>", "category": "commercial", "custodian": archivist.pk}).content.decode()

    assert re.search(r'<input type="text" name="q" value="客户&lt;x&gt;"[^>]*id="id_q"', html)
    assert '<option value="commercial" selected>' in html
    assert f'<option value="{archivist.pk}" selected>{archivist}</option>' in html
    assert '<label for="id_custodian">' in html


def test_a_custodians_name_is_escaped_in_the_filter_bar(client, gm):
    """The custodian options are written in Python: a user's name is data, never markup."""
    custodian = UserFactory(roles=["archivist"], last_name='<script>alert("x")</script>',
                            first_name="&")
    make_customer(by=UserFactory(roles=["staff"]), custodian=custodian)
    client.force_login(gm)

    html = client.get(reverse("customers:list")).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_what_users_typed_is_escaped_in_the_jinja2_content_and_list_frame(client, gm):
    """The list's content and its count and page links are Jinja2 output the view marks safe:
    a customer's name, the search term and any parameter of the query string, which the sort,
    page-size and page links carry, are escaped there, never printed as markup."""
    for _ in range(3):
        make_customer(by=UserFactory(roles=["staff"]), name='<i id="name">客户')
    client.force_login(gm)

    html = client.get(reverse("customers:list"), {
        "q": '客户"><b id="q">', "size": "20", "page": "1",
        "x": '"><b id="x">'}).content.decode()
    plain = client.get(reverse("customers:list"), {"size": "20", "x": '"><b id="x">'})
    plain = plain.content.decode()

    for page in (html, plain):
        assert '<b id="q">' not in page and '<b id="x">' not in page
        assert '<i id="name">' not in page
    assert "&lt;i id=&#34;name&#34;&gt;客户" in plain
    assert "x=%22%3E%3Cb+id%3D%22x%22%3E" in plain  # kept in the links, URL-encoded


def test_an_invalid_filter_is_marked_on_its_field(client, gm):
    client.force_login(gm)

    html = client.get(reverse("customers:list"), {"category": "nonsense"}).content.decode()

    select = re.search(r'<select name="category"[^>]*>', html).group(0)
    assert "is-invalid" in select and 'aria-invalid="true"' in select


# --- The capped count ---------------------------------------------------------------------------
@pytest.fixture
def small_pages(monkeypatch):
    """A cap of 5 rows and pages of 2, so that 7 customers (or notices) are a list over the
    cap."""
    monkeypatch.setattr("core.paginator.COUNT_CAP", 5)
    monkeypatch.setattr("customers.views.archive.PAGE_SIZE", 2)
    monkeypatch.setattr("customers.views.notices.PAGE_SIZE", 2)


def test_a_list_over_the_cap_says_more_than_and_still_pages(client, gm, small_pages):
    rep = UserFactory(roles=["staff"])
    customers = [make_customer(by=rep) for _ in range(7)]
    newest_first = [str(customer.pk) for customer in reversed(customers)]
    client.force_login(gm)
    url = reverse("customers:list")

    first, second, third = (client.get(url, {"page": n}) for n in (1, 2, 3))

    assert first.context["page"].paginator.capped
    assert first.context["page"].paginator.num_pages == 3
    count = re.search(r'id="page-count">(.*?)</span>', first.content.decode(), re.S).group(1)
    assert "5" in count and "/ 3" not in count and "共 3 页" not in count
    assert _rows(first.content.decode()) == newest_first[:2]
    assert 'href="?page=2"' in first.content.decode()
    html = second.content.decode()
    assert _rows(html) == newest_first[2:4]
    assert 'href="?page=1"' in html and 'href="?page=3"' in html
    html = third.content.decode()
    assert _rows(html) == newest_first[4:5]  # the pages end at the cap
    assert 'href="?page=2"' in html and 'href="?page=4"' not in html


def test_a_list_under_the_cap_gives_its_number_of_pages(client, gm, small_pages):
    rep = UserFactory(roles=["staff"])
    for _ in range(5):
        make_customer(by=rep)
    client.force_login(gm)

    response = client.get(reverse("customers:list"), {"page": 2})

    assert not response.context["page"].paginator.capped
    assert response.context["page"].paginator.count == 5
    assert "第 2 页，共 3 页" in response.content.decode()


def test_the_count_reads_at_most_one_row_more_than_the_cap(client, gm, small_pages):
    rep = UserFactory(roles=["staff"])
    for _ in range(7):
        make_customer(by=rep)
    client.force_login(gm)

    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("customers:list"))

    counts = [query["sql"] for query in captured if query["sql"].startswith("SELECT COUNT(*)")
              and "customers_customer" in query["sql"]]
    assert len(counts) == 1
    assert "LIMIT 6" in counts[0] and "ORDER BY" not in counts[0]


def test_the_page_number_beyond_the_cap_shows_the_last_page(client, gm, small_pages):
    rep = UserFactory(roles=["staff"])
    for _ in range(7):
        make_customer(by=rep)
    client.force_login(gm)

    response = client.get(reverse("customers:list"), {"page": 9})

    assert response.context["page"].number == 3
    assert Customer.objects.count() == 7


def test_the_notice_list_pages_past_the_cap_as_well(client, planning_user, small_pages):
    for _ in range(7):
        make_notice(planner=planning_user, with_drawing=False)
    client.force_login(planning_user)

    first, last = (client.get(reverse("customers:notice_list"), {"page": n}) for n in (1, 3))

    html = first.content.decode()
    assert first.context["page"].paginator.capped
    assert 'id="page-count"' in html and 'href="?page=2"' in html
    assert len(last.context["page"]) == 1 and 'href="?page=2"' in last.content.decode()


def test_a_search_stops_counting_at_its_own_lower_cap(client, gm, monkeypatch):
    """A search counts at most SEARCH_COUNT_CAP matches (1,000: a two-character name matches
    27,000 of a million customers, and counting 10,000 of them was most of the GM's search),
    while the unfiltered list keeps COUNT_CAP."""
    monkeypatch.setattr("core.paginator.SEARCH_COUNT_CAP", 3)
    rep = UserFactory(roles=["staff"])
    for n in range(5):
        make_customer(by=rep, name=f"王秀英{n}")
    client.force_login(gm)

    searched = client.get(reverse("customers:list"), {"q": "王秀英"})
    listed = client.get(reverse("customers:list"))

    assert searched.context["page"].paginator.capped
    assert searched.context["page"].paginator.count == 3
    assert not listed.context["page"].paginator.capped
    assert listed.context["page"].paginator.count == 5


def test_user_names_name_each_user_as_str_does_in_their_order():
    """customers.selectors.user_names reads three columns, not users: its names must stay
    what str(user) prints (family name first, the username when there is no name)."""
    from django.contrib.auth import get_user_model

    from customers.selectors import user_names

    named = UserFactory(username="zz_named", first_name="秀英", last_name="王")
    unnamed = UserFactory(username="aa_unnamed", first_name="", last_name="")
    users = get_user_model().objects.filter(pk__in=[named.pk, unnamed.pk]).order_by("username")

    assert user_names(users) == {unnamed.pk: "aa_unnamed", named.pk: "王秀英"}
    assert list(user_names(users)) == [unnamed.pk, named.pk]
    assert user_names(users) == {user.pk: str(user) for user in users}
