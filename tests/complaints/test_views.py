"""The complaint pages (issue 11, point 6): the list with its filters, sorting, pages and export;
the complaint page with the customer's data only for readers of the customer; the intake form
and its corrections; the customer page's 投诉 tab; the menu entry."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from complaints.models import Complaint
from core.models import AccessLog
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.complaints.factories import S, category, make_complaint, walk
from tests.customers.factories import make_account, make_customer

pytestmark = pytest.mark.django_db

LIST = reverse("complaints:list")
NEW = reverse("complaints:create")


@pytest.fixture
def world(desk):
    """A: a customer's complaint (the customer kept by a custodian outside the department; the
    receiver is its responsible staff); B: a caller's quality complaint being handled; C: a
    complaint of another department."""
    custodian = UserFactory(username="custodian", roles=["staff"])
    customer = make_customer(by=desk.receiver, custodian=custodian,
                             contacts=[{"name": "联系人甲", "mobile": "13900001111"}])
    a = make_complaint(desk, customer=customer, caller_name="")
    b = walk(make_complaint(desk, quality=True, caller_name="王先生"), desk, S.HANDLING)
    counter = DepartmentFactory(code="counter")
    other = UserFactory(username="counter_clerk", roles=["staff"], department=counter)
    from complaints import services

    c = services.complaint_register(by=other, channel="counter", category=category(),
                                    complaint_class="service", text="排队太久",
                                    caller_name="刘女士")
    return {"A": a, "B": b, "C": c, "customer": customer, "custodian": custodian,
            "other": other}


def _numbers(response) -> list[str]:
    return [row["complaint"].number for row in response.context["rows"]]


# --- The list -----------------------------------------------------------------------------------


def test_the_list_shows_what_the_user_sees_and_nothing_else(client, desk, world):
    client.force_login(desk.receiver)

    response = client.get(LIST)

    assert response.status_code == 200
    assert set(_numbers(response)) == {world["A"].number, world["B"].number}
    assert world["C"].number not in response.content.decode()


def test_safety_hazards_come_first_flagged_and_overdue_complaints_are_highlighted(
        client, desk, world):
    hazard = make_complaint(desk, category_code="gas_smell", caller_name="赵",
                            received_at=timezone.now() - datetime.timedelta(days=30))
    client.force_login(desk.receiver)

    response = client.get(LIST + "?sort=number")

    assert _numbers(response)[0] == hazard.number
    html = response.content.decode()
    row = html[html.index(f'id="complaint-{hazard.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "hazard" in row and "overdue" in row


def test_filters_and_search_are_kept_in_the_url_and_applied(client, desk, world):
    client.force_login(desk.receiver)

    by_class = client.get(LIST, {"complaint_class": "quality"})
    by_phone = client.get(LIST, {"q": "13812345678", "status": S.HANDLING})
    by_number = client.get(LIST, {"q": world["A"].number})

    assert _numbers(by_class) == [world["B"].number]
    assert _numbers(by_phone) == [world["B"].number]
    assert _numbers(by_number) == [world["A"].number]
    assert 'value="quality" selected' in by_class.content.decode()
    assert "complaint_class=quality" in by_class.context["query"]


def test_a_bad_filter_or_sort_is_a_form_error_not_a_failure(client, desk, world):
    client.force_login(desk.receiver)

    response = client.get(LIST, {"sort": "text", "received_from": "2026-02-30",
                                 "department": "9" * 30, "status": "x\x00"})

    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert {"sort", "received_from", "department", "status"} <= set(errors)


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_3_or_30_complaints(client, desk, world):
    make_complaint(desk, customer=world["customer"], caller_name="")  # A, B and this one
    client.force_login(desk.receiver)
    _list_queries(client)
    few = _list_queries(client)
    assert client.get(LIST).context["page"].paginator.count == 3

    for n in range(27):
        walk(make_complaint(desk, caller_name=f"来电{n}", quality=n % 2 == 0), desk,
             S.HANDLING if n % 3 else S.REGISTERED)

    assert client.get(LIST).context["page"].paginator.count == 30
    assert _list_queries(client) == few


def _export_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_export_holds_the_filtered_rows_and_logs_each_readable_customer(
        client, desk, world):
    client.force_login(desk.receiver)

    response = client.get(LIST, {"export": "csv", "q": world["A"].number})

    assert response["Content-Type"].startswith("text/csv")
    header, *rows = _export_rows(response)
    assert [row[0] for row in rows] == [world["A"].number]
    assert world["customer"].number in rows[0]
    entry = AccessLog.objects.get()
    assert (entry.user, entry.object_id, entry.action) == (
        desk.receiver, str(world["customer"].pk), AccessLog.Action.EXPORT)


def test_the_export_leaves_out_a_customer_the_user_may_not_read(client, desk, world):
    client.force_login(desk.head)  # sees the complaint (department head), not the customer

    response = client.get(LIST, {"export": "csv"})

    header, *rows = _export_rows(response)
    assert world["A"].number in [row[0] for row in rows]
    assert world["customer"].number not in response.content.decode("utf-8-sig")
    assert world["customer"].name not in response.content.decode("utf-8-sig")
    assert not AccessLog.objects.exists()


def test_the_export_masks_the_callers_phone_for_a_reader_who_does_not_call_back(
        client, desk, world):
    client.force_login(UserFactory(username="production2", roles=["production"]))

    rows = _export_rows(client.get(LIST, {"export": "csv"}))[1:]

    assert [row[0] for row in rows] == [world["B"].number]
    assert "138****5678" in rows[0] and "13812345678" not in rows[0]


def test_the_excel_export_is_a_workbook(client, desk, world):
    client.force_login(desk.office)

    response = client.get(LIST, {"export": "xlsx"})

    assert response.content[:2] == b"PK"
    assert "complaints-" in response["Content-Disposition"]


# --- The complaint page --------------------------------------------------------------------


def test_a_reader_of_the_customer_sees_its_archive_data_and_the_read_is_logged(
        client, desk, world):
    client.force_login(world["custodian"])

    response = client.get(world["A"].get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="customer-data"' in html and world["customer"].name in html
    assert "13900001111" in html
    entry = AccessLog.objects.get()
    assert (entry.user, entry.object_id) == (world["custodian"], str(world["customer"].pk))


def test_a_complaint_reader_who_may_not_read_the_customer_sees_no_archive_data(
        client, desk, world):
    client.force_login(desk.head)

    response = client.get(world["A"].get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="customer-withheld"' in html and 'id="customer-data"' not in html
    assert world["customer"].name not in html and world["customer"].number not in html
    assert "13900001111" not in html
    assert not AccessLog.objects.exists()


def test_a_complaint_of_another_department_is_a_404(client, desk, world):
    client.force_login(desk.receiver)

    assert client.get(world["C"].get_absolute_url()).status_code == 404


def test_the_page_shows_the_timeline_with_who_and_when(client, desk, world):
    client.force_login(desk.handler)

    html = client.get(world["B"].get_absolute_url()).content.decode()

    timeline = html[html.index('id="timeline"'):]
    assert "receiver" in timeline or str(desk.receiver) in timeline
    assert str(desk.head) in timeline
    assert timeline.count("<li") >= 2


def test_html_in_the_complaint_text_is_shown_escaped(client, desk):
    complaint = make_complaint(desk, text='<script>alert("x")</script><b>燃气</b>')
    client.force_login(desk.receiver)

    html = client.get(complaint.get_absolute_url()).content.decode()

    assert "<script>alert" not in html and "<b>燃气</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_the_callers_phone_is_masked_for_a_production_reader(client, desk, world):
    client.force_login(UserFactory(username="production2", roles=["production"]))

    html = client.get(world["B"].get_absolute_url()).content.decode()

    assert "138****5678" in html and "13812345678" not in html


# --- Intake ------------------------------------------------------------------------------------


def _intake(**values) -> dict:
    data = {"channel": "phone", "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "caller_name": "孙女士", "caller_phone": "13600002222",
            "category": str(category().pk), "complaint_class": "service",
            "urgency": "normal", "text": "抄表数字不对"}
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def test_a_department_member_registers_a_callers_complaint(client, desk):
    client.force_login(desk.receiver)
    assert client.get(NEW).status_code == 200

    response = client.post(NEW, _intake(receiving_department=desk.department.pk))

    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == complaint.get_absolute_url()
    assert (complaint.caller_name, complaint.received_by, complaint.status) == (
        "孙女士", desk.receiver, S.REGISTERED)


def test_a_customers_complaint_takes_the_customers_account(client, desk):
    customer = make_customer(by=desk.receiver)
    account = make_account(customer=customer, by=desk.receiver)
    client.force_login(desk.receiver)

    client.post(NEW, _intake(receiving_department=desk.department.pk, caller_name="",
                             customer_number=customer.number, account_number=account.number))

    complaint = Complaint.objects.get()
    assert (complaint.customer, complaint.account, complaint.premises) == (
        customer, account, account.premises)


def test_a_customer_the_receiver_may_not_see_is_refused_on_its_field(client, desk):
    hidden = make_customer()
    client.force_login(desk.receiver)

    response = client.post(NEW, _intake(receiving_department=desk.department.pk,
                                        customer_number=hidden.number))

    assert response.status_code == 400
    assert "customer_number" in response.context["form"].errors
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(("values", "field"), [
    ({"channel": "hotline_12345"}, "external_number"),
    ({"external_number": "A-1"}, "external_number"),
    ({"caller_name": ""}, "caller_name"),
    ({"caller_phone": "abc"}, "caller_phone"),
    ({"category": "999999"}, "category"),
    ({"category": None}, "category"),
    ({"text": ""}, "text"),
    ({"received_at": "2999-01-01T10:00"}, "received_at"),
    ({"external_due_on": "0001-01-01", "channel": "hotline_12345", "external_number": "1"},
     "external_due_on"),
])
def test_intake_errors_name_their_field(client, desk, values, field):
    client.force_login(desk.receiver)

    response = client.post(NEW, _intake(receiving_department=desk.department.pk, **values))

    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    label = escape(str(form.fields[field].label))
    assert f"{label}：" in response.content.decode()


def test_a_top_level_category_with_sub_categories_is_refused_on_its_field(client, desk):
    client.force_login(desk.receiver)

    response = client.post(NEW, _intake(receiving_department=desk.department.pk,
                                        category=str(category("metering").pk)))

    assert response.status_code == 400
    assert "category" in response.context["form"].errors


def test_a_12345_referral_keeps_its_number_and_due_date(client, desk):
    client.force_login(desk.receiver)
    due = timezone.localdate() + datetime.timedelta(days=2)

    client.post(NEW, _intake(receiving_department=desk.department.pk, channel="hotline_12345",
                             external_number="12345-0001", external_due_on=due.isoformat()))

    complaint = Complaint.objects.get()
    assert (complaint.external_number, complaint.external_due_on) == ("12345-0001", due)


def test_someone_outside_any_department_may_not_register(client, desk):
    client.force_login(UserFactory(roles=["gm"], department=None))

    assert client.get(NEW).status_code == 403
    assert client.post(NEW, _intake()).status_code == 403


def test_the_customer_suggestions_stay_within_the_customers_the_user_sees(client, desk):
    mine = make_customer(by=desk.receiver, name="春城花园物业")
    hidden = make_customer(name="春城花园酒店")
    client.force_login(desk.receiver)

    html = client.get(reverse("complaints:customer_suggest"),
                      {"customer_number": "春城花园"}).content.decode()

    assert mine.number in html and hidden.number not in html


def test_the_department_corrects_the_intake(client, desk, world):
    client.force_login(desk.receiver)
    url = reverse("complaints:edit", args=[world["B"].pk])
    assert client.get(url).status_code == 200

    response = client.post(url, _intake(caller_name="王建国", complaint_class="quality"))

    assert response.status_code == 302
    world["B"].refresh_from_db()
    assert world["B"].caller_name == "王建国"


def test_an_editor_who_may_not_read_the_customer_keeps_it_unseen(client, desk, world):
    client.force_login(desk.head)
    url = reverse("complaints:edit", args=[world["A"].pk])

    page = client.get(url).content.decode()
    response = client.post(url, _intake(caller_name="", text="更正"))

    assert world["customer"].number not in page
    assert response.status_code == 302
    world["A"].refresh_from_db()
    assert (world["A"].customer, world["A"].text) == (world["customer"], "更正")


def test_editing_is_forbidden_to_someone_outside_the_department(client, desk, world):
    client.force_login(desk.office)

    assert client.get(reverse("complaints:edit", args=[world["B"].pk])).status_code == 403


# --- The customer page and the menu -------------------------------------------------------------


def test_the_customer_page_lists_its_complaints_on_the_complaints_tab(client, desk, world):
    client.force_login(world["custodian"])

    response = client.get(world["customer"].get_absolute_url() + "?tab=complaints")

    assert list(response.context["complaints"]) == [world["A"]]
    assert world["A"].get_absolute_url() in response.content.decode()


def _customer_page_queries(client, customer) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(customer.get_absolute_url() + "?tab=complaints").status_code == 200
    return len(queries)


def test_the_complaints_tab_costs_the_same_queries_for_1_or_6_complaints(client, desk, world):
    client.force_login(world["custodian"])
    _customer_page_queries(client, world["customer"])
    few = _customer_page_queries(client, world["customer"])

    for n in range(5):
        walk(make_complaint(desk, customer=world["customer"], caller_name=f"客户{n}"), desk,
             S.HANDLING)

    assert _customer_page_queries(client, world["customer"]) == few


@pytest.mark.parametrize(("role", "shown"), [("staff", True), ("office", True), ("gm", True),
                                             ("production", True), ("finance", False),
                                             ("sysadmin", False)])
def test_the_menu_entry_is_shown_to_the_roles_that_see_complaints(client, role, shown):
    client.force_login(UserFactory(roles=[role]))

    html = client.get(reverse("core:home")).content.decode()

    assert (f'href="{LIST}"' in html) is shown
