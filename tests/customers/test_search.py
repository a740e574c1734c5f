"""Name search of one, two and three characters (issue 10): on PostgreSQL a term of one or two
characters goes through the name-pieces index (customers_name_grams, migration 0004) instead of
scanning every name, with exactly the results of `name__icontains`; SQLite scans."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import Customer
from customers.search import customer_search
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db

NAMES = ["王", "李娜", "张秀英", "王秀英", "秀", "昆明春城米线有限公司", "Abc Gas Co.", "ABC",
         "aBd（昆明）", "100%_纯", "秀 英", "ß商行"]


@pytest.fixture
def sample():
    rep = UserFactory(roles=["staff"])
    return {name: make_customer(by=rep, name=name).pk for name in NAMES}


def _terms() -> list[str]:
    """Every piece of one or two characters of the sample names, in several cases, and a few
    terms that match nothing."""
    pieces = {name[i:i + size] for name in NAMES for size in (1, 2)
              for i in range(len(name) - size + 1)}
    pieces |= {piece.lower() for piece in pieces} | {piece.upper() for piece in pieces}
    pieces |= {"鑫", "无名", "%", "_", "%_", "\\", "zz"}
    return sorted(piece for piece in pieces if piece.strip() == piece and piece)


def test_short_name_search_gives_exactly_the_icontains_results(sample):
    """Every one- and two-character piece of the sample, in upper and lower case, finds the
    same customers as UPPER(name) LIKE UPPER('%term%')."""
    for term in _terms():
        found = set(customer_search(Customer.objects.all(), term).values_list("pk", flat=True))
        expected = set(Customer.objects.filter(name__icontains=term).values_list("pk", flat=True))
        assert found == expected, term


def test_short_name_search_uses_the_name_pieces_on_postgresql(sample):
    if connection.vendor != "postgresql":
        pytest.skip("the name-pieces index exists on PostgreSQL only")

    for term in ("王", "秀英"):
        sql = str(customer_search(Customer.objects.all(), term).query)
        assert "customers_name_grams" in sql and "LIKE" not in sql, term


@pytest.mark.parametrize(("term", "expected"), [
    ("王", {"王", "王秀英"}),
    ("秀英", {"张秀英", "王秀英"}),
    ("张秀英", {"张秀英"}),
    ("abc", {"Abc Gas Co.", "ABC"}),
    ("米线", {"昆明春城米线有限公司"}),
    ("%_", {"100%_纯"}),
])
def test_a_name_of_one_two_or_three_characters_is_found_from_the_list(
        client, sample, gm, term, expected):
    client.force_login(gm)

    with CaptureQueriesContext(connection):
        response = client.get(reverse("customers:list"), {"q": term})

    found = {row.name for row in response.context["rows"]}
    assert found == expected


def test_a_short_term_never_matches_a_customer_number(client, gm):
    """One or two characters are a name search: a number containing them is no match."""
    customer = make_customer(by=UserFactory(roles=["staff"]), name="测试客户")
    client.force_login(gm)

    response = client.get(reverse("customers:list"), {"q": customer.number[-2:]})

    assert list(response.context["rows"]) == []


def test_a_staff_member_finds_only_their_own_customers_by_a_short_name(client, staff_user):
    mine = make_customer(by=staff_user, name="李秀英")
    make_customer(by=UserFactory(roles=["staff"]), name="赵秀英")
    client.force_login(staff_user)

    response = client.get(reverse("customers:list"), {"q": "秀英"})

    assert [row.number for row in response.context["rows"]] == [mine.number]


def test_a_phone_ending_is_found_through_an_index_on_postgresql(sample):
    """The last four digits of a phone ("the number ending in 8511") are looked up through the
    trigram indexes of the contacts' mobile and landline (migration 0006): at a million
    contacts a scan of every number took 200 ms (bench/customers.py, phone search)."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigram indexes exist on PostgreSQL only")
    queryset = customer_search(Customer.objects.all(), "8511")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "customers_contact_mobile_trgm" in plan and "customers_contact_landline_trgm" in plan


def test_a_search_page_compiles_its_union_of_keys_once(client, sample):
    """The UNION of indexed lookups (number, name, document, account, address) is compiled
    once per process, not by the count and again by the rows; the page finds the match."""
    from django.db.models.sql.compiler import SQLCompiler

    rep = Customer.objects.get(pk=sample["王秀英"]).sales_rep
    client.force_login(rep)
    compiled = []
    as_sql = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        if self.query.combinator == "union":
            compiled.append(self.query)
        return as_sql(self, *args, **kwargs)

    with mock.patch.object(SQLCompiler, "as_sql", counting):
        client.get(reverse("customers:list"), {"q": "王秀英"})
        first = len(compiled)
        page = client.get(reverse("customers:list"), {"q": "张秀英"}).content.decode()
        page = client.get(reverse("customers:list"), {"q": "王秀英"}).content.decode()

    assert first <= 1 and len(compiled) == first
    assert f'href="/customers/{sample["王秀英"]}/"' in page
    assert f'href="/customers/{sample["张秀英"]}/"' not in page


TERMS = ["王秀英", "abc gas", "ABC", "KH2024000001", "110101199003077777", "13800001234",
         "138-0000-1234", "1234", "0871-6", "100%_纯", "a\\b_c", "50%", "翠湖路", "__%", "x" * 40]


@pytest.mark.parametrize("term", TERMS)
def test_the_prepared_union_is_the_querysets_sql_with_the_terms_values(term):
    """The UNION compiled once per shape gives, for every term, exactly the SQL and the
    parameters the queryset compiles (the LIKE patterns escaped as Django escapes them)."""
    from customers.search import _matching_ids, _prepared_union, _shape

    phone, ending, values = _shape(term)
    expected = _matching_ids(term).query.get_compiler(using="default").as_sql()

    assert _prepared_union(phone, ending).sql(*values.values()) == (expected[0],
                                                                     list(expected[1]))


def test_a_search_finds_what_the_union_queryset_finds(sample):
    """Searched through the prepared UNION, each term finds the customers the queryset finds."""
    from customers.search import _matching_ids

    customers = Customer.objects.all()
    for term in TERMS + ["王秀", "秀英", "Abc Gas Co.", "100%_纯"]:
        if len(term) < 3:
            continue
        found = set(customer_search(customers, term).values_list("pk", flat=True))
        assert found == set(customers.filter(pk__in=_matching_ids(term))
                            .values_list("pk", flat=True)), term
    assert sample["100%_纯"] in set(customer_search(customers, "0%_").values_list("pk",
                                                                                   flat=True))
