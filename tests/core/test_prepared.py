"""core.prepared: a query shape compiled once per process gives what the queryset gives, for
any value, with Django's converters applied (dates and booleans on SQLite)."""

import pytest
from django.db.models import Exists, OuterRef

from core.prepared import Prepared
from customers.models import Contact, Customer
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def archive_confirmer(db):
    """A new customer's archive goes to a sales director for confirmation."""
    return UserFactory(roles=["sales_director"])


def _shape(pk):
    return (Customer.objects.filter(pk=pk)
            .annotate(has_contact=Exists(Contact.objects.filter(customer=OuterRef("pk"))))
            .values_list("pk", "number", "created_at", "low_income", "sales_rep__username",
                         "has_contact"))


def test_the_rows_are_the_querysets_for_every_value():
    contact = {"name": "李四", "mobile": "13800000001"}
    customers = [make_customer(),
                 make_customer(category="commercial", low_income=False, contacts=[contact])]
    prepared = Prepared(_shape)

    for customer in customers:
        assert [tuple(row) for row in prepared.rows(customer.pk)] == list(_shape(customer.pk))
    assert prepared.rows(0) == []
    assert prepared.rows(2**63) == prepared.rows(-(2**63) - 1) == []


def test_the_shape_is_compiled_once():
    built = []

    def build(pk):
        built.append(pk)
        return _shape(pk)

    prepared = Prepared(build)
    for customer in (make_customer(), make_customer()):
        prepared.rows(customer.pk)

    assert len(built) == 1


def test_a_shape_without_its_value_is_refused():
    with pytest.raises(ValueError, match="does not use its value"):
        Prepared(lambda pk: Customer.objects.values_list("pk")).rows(1)


def test_a_shape_of_a_key_and_a_moment_gives_the_querysets_rows_at_every_moment():
    """Several values, the moment used twice, each put in its place; on SQLite the moment is
    compared as Django adapts it (a UTC string)."""
    import datetime

    from core.prepared import KEY, MOMENT

    rep, other = UserFactory(roles=["staff"]), UserFactory(roles=["staff"])
    customer = make_customer(sales_rep=rep)
    made = customer.created_at

    def build(user_id, now):
        return (Customer.objects.filter(sales_rep_id=user_id, created_at__lte=now,
                                        updated_at__lte=now)
                .order_by().values_list("pk"))

    prepared = Prepared(build, kinds=(KEY, MOMENT))
    for user in (rep, other):
        for moment in (made - datetime.timedelta(seconds=1), made,
                       made + datetime.timedelta(days=1)):
            assert [tuple(row) for row in prepared.rows(user.pk, moment)] == list(
                build(user.pk, moment)), (user, moment)
    assert prepared.rows(rep.pk, made + datetime.timedelta(days=1)) == [[customer.pk]]
    assert prepared.rows(rep.pk, made - datetime.timedelta(seconds=1)) == []
    with pytest.raises(TypeError, match="takes 2 values"):
        prepared.rows(rep.pk)


def test_a_server_side_shape_is_prepared_once_per_session_and_gives_the_querysets_rows():
    """`server_side`: on PostgreSQL the statement is PREPAREd once per database session (it
    outlives a rolled-back transaction, and is prepared again on a new connection) and then
    EXECUTEd with the values, the rows the queryset gives, LIKE patterns and moments
    included; elsewhere it runs as any shape."""
    import datetime

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from core.prepared import KEY, MOMENT, TEXT

    customers = [make_customer(name="百分比%客户"), make_customer(name="张三")]

    def build(pk, term, now):
        return (Customer.objects.filter(pk__gte=pk, name__contains=term, created_at__lte=now)
                .order_by("pk").values_list("pk", "name", "low_income", "created_at"))

    prepared = Prepared(build, kinds=(KEY, TEXT, MOMENT), server_side=True)
    later = customers[-1].created_at + datetime.timedelta(seconds=1)
    cases = [(customers[0].pk, "%", later), (0, "客户", later), (0, "", later),
             (customers[1].pk, "张", later), (0, "", customers[0].created_at)]

    expected = [list(build(*case)) for case in cases]
    with CaptureQueriesContext(connection) as first:
        first_rows = prepared.rows(*cases[0])
    try:
        with transaction.atomic():
            prepared.rows(*cases[1])
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    with CaptureQueriesContext(connection) as later_reads:
        got = [[tuple(row) for row in prepared.rows(*case)] for case in cases]

    assert [tuple(row) for row in first_rows] == expected[0]
    assert got == expected and [len(rows) for rows in expected] == [1, 1, 2, 1, 1]
    if connection.vendor != "postgresql":
        assert not any("PREPARE" in query["sql"] for query in first)
        return
    assert [query["sql"].split()[0] for query in first] == ["PREPARE", "EXECUTE"]
    assert [query["sql"].split()[0] for query in later_reads] == ["EXECUTE"] * len(cases)


@pytest.mark.django_db(transaction=True)
def test_a_server_side_shape_is_prepared_again_on_a_new_connection():
    """A new database session knows no prepared statement: the shape prepares it again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("statements are prepared on PostgreSQL's server only")
    customer = make_customer()
    prepared = Prepared(lambda pk: Customer.objects.filter(pk=pk).values_list("name"),
                        server_side=True)
    assert prepared.rows(customer.pk) == [[customer.name]]

    connection.close()
    with CaptureQueriesContext(connection) as reconnected:
        assert prepared.rows(customer.pk) == [[customer.name]]
        assert prepared.rows(customer.pk) == [[customer.name]]

    assert [query["sql"].split()[0] for query in reconnected] == [
        "PREPARE", "EXECUTE", "EXECUTE"]
