"""Who sees which complaint (篇二 §7, 第十一条) at the selector level, the customer's data only
for readers of the customer (with their read logged), and a list whose query count does not
grow with the number of complaints."""

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from approvals.selectors import pending_request_for
from complaints import services
from complaints.selectors import (
    complaint_caller_phone,
    complaint_customer_read,
    complaint_get,
    complaint_list,
    customer_complaints,
)
from core.models import AccessLog
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.complaints.factories import S, category, make_complaint, walk
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(desk, archive_confirmer):
    """A: a service complaint of a customer kept by a custodian outside the department;
    B: a quality complaint of a caller, with its production co-handler; C: a complaint of
    another department."""
    custodian = UserFactory(username="custodian", roles=["staff"])
    customer = make_customer(by=desk.receiver, custodian=custodian)
    a = make_complaint(desk, customer=customer, caller_name="")
    b = walk(make_complaint(desk, quality=True), desk, S.HANDLING)
    counter = DepartmentFactory(code="counter")
    other_receiver = UserFactory(username="counter_clerk", roles=["staff"], department=counter)
    c = services.complaint_register(by=other_receiver, channel="counter", category=category(),
                                    complaint_class="service", text="排队太久",
                                    caller_name="刘")
    users = {
        "receiver": desk.receiver, "head": desk.head, "handler": desk.handler,
        "co_handler": desk.co_handler, "office": desk.office, "gm": desk.gm,
        "other_production": UserFactory(username="production2", roles=["production"]),
        "custodian": custodian, "sales_director": archive_confirmer,
        "outsider": UserFactory(username="outsider", roles=["staff"]),
        "sysadmin": UserFactory(username="admin", roles=["sysadmin"]),
        "finance": UserFactory(username="cashier", roles=["finance"]),
        "other_receiver": other_receiver,
    }
    return {"A": a, "B": b, "C": c, "customer": customer, "users": users}


VISIBLE = {
    "receiver": "AB", "head": "AB", "handler": "AB", "co_handler": "B", "office": "ABC",
    "gm": "ABC", "other_production": "B", "custodian": "A", "sales_director": "A",
    "outsider": "", "sysadmin": "", "finance": "", "other_receiver": "C",
}


@pytest.mark.parametrize("who", list(VISIBLE))
def test_each_role_sees_exactly_its_complaints(world, who):
    user = world["users"][who]

    seen = {complaint.pk for complaint in complaint_list(user=user)}

    assert seen == {world[name].pk for name in VISIBLE[who]}
    for name in "ABC":
        if name in VISIBLE[who]:
            assert complaint_get(user=user, pk=world[name].pk) == world[name]
        else:
            with pytest.raises(Http404):
                complaint_get(user=user, pk=world[name].pk)


def _request(user):
    request = RequestFactory().get("/complaints/1/")
    request.user = user
    return request


def test_a_complaint_reader_who_may_not_read_the_customer_gets_no_data_and_no_log(world):
    office = world["users"]["office"]

    assert complaint_customer_read(request=_request(office), complaint=world["A"]) is None
    assert not AccessLog.objects.exists()


def test_a_reader_of_the_customer_gets_the_data_and_the_read_is_logged(world):
    custodian = world["users"]["custodian"]

    access = complaint_customer_read(request=_request(custodian), complaint=world["A"])

    assert access is not None and access.full
    entry = AccessLog.objects.get()
    assert (entry.user, entry.object_id, entry.grant) == (custodian, str(world["customer"].pk),
                                                          str(access.basis))


def test_a_complaint_without_a_customer_reads_no_archive(world):
    assert complaint_customer_read(request=_request(world["users"]["gm"]),
                                   complaint=world["B"]) is None
    assert not AccessLog.objects.exists()


def test_the_customer_tab_lists_the_customers_complaints(world):
    custodian = world["users"]["custodian"]

    assert list(customer_complaints(user=custodian, customer=world["customer"])) == [world["A"]]


def test_the_callers_phone_is_masked_for_readers_who_do_not_work_on_it(world):
    b = world["B"]

    assert complaint_caller_phone(user=world["users"]["handler"], complaint=b) == "13812345678"
    assert complaint_caller_phone(user=world["users"]["office"], complaint=b) == "13812345678"
    assert complaint_caller_phone(user=world["users"]["other_production"],
                                  complaint=b) == "138****5678"


def test_the_inbox_snapshot_does_not_name_the_customer_in_full(desk, world):
    a = walk(world["A"], desk, S.IN_APPROVAL)

    request = pending_request_for(a)

    name = world["customer"].name
    assert name not in request.customer and name not in request.title
    assert request.customer.startswith(name[0]) and request.number == a.number


def test_filters_work_within_what_the_user_sees(desk, world):
    receiver = desk.receiver
    metering = category("metering")
    outage = make_complaint(desk, category_code="outage", caller_name="陈",
                            caller_phone="13700001111",
                            received_at=datetime.datetime(2025, 1, 6, 10,
                                                          tzinfo=datetime.UTC))

    assert set(complaint_list(user=receiver, category=metering)) == {world["A"], world["B"]}
    assert list(complaint_list(user=receiver, search="13700001111")) == [outage]
    assert list(complaint_list(user=receiver, search=outage.number)) == [outage]
    assert list(complaint_list(user=receiver, overdue=True)) == [outage]
    assert list(complaint_list(user=receiver, complaint_class="quality")) == [world["B"]]
    assert list(complaint_list(user=receiver, search="刘")) == []  # C is not his


def _rows_queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        rows = list(complaint_list(user=user))
        [(c.category.parent, c.receiving_department.name, c.handler, c.co_handler,
          c.received_by) for c in rows]
    return len(queries)


@pytest.mark.parametrize("who", ["receiver", "custodian", "office"])
def test_the_list_costs_the_same_queries_for_3_or_12_complaints(desk, world, who):
    user = world["users"][who]
    _rows_queries(user)  # the user's roles are read once
    few = _rows_queries(user)

    for n in range(9):
        walk(make_complaint(desk, customer=world["customer"], caller_name=f"客户{n}"), desk,
             S.HANDLING)

    assert _rows_queries(user) == few
