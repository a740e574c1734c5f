"""The complaints dashboard (issue 11, point 8): the figures against a hand-computed fixture
(working days across a weekend, the 2026 National Day holidays and their make-up Saturday), who
sees which figures, a query count that does not grow with the complaints, and charts that are
SVG without script or anything fetched."""

import base64
import datetime
import re
import zoneinfo
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.charts import dashboard_charts
from complaints.figures import complaint_figures
from complaints.models import CallbackResult, ComplaintCategory
from core.workhours import clear_calendar_cache
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.complaints.factories import S, approve, category, make_complaint, walk
from tests.helpers.pdf import text_without_whitespace

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
URL = "/complaints/dashboard/"
NOW = datetime.datetime(2026, 11, 30, 12, tzinfo=TZ)


def at(year, month, day, hour=9, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def clock(monkeypatch):
    """Set the time the services read (timezone.now) while a step is taken."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    yield set_to
    monkeypatch.undo()


def _approve_at(complaint, desk, clock, moment):
    walk(complaint, desk, S.IN_APPROVAL)
    clock(moment)
    approve(complaint, desk.gm)
    _real_time(clock)
    complaint.refresh_from_db()
    return complaint


def _real_time(clock):
    """Back to the real time between steps (later steps do not need a fixed time)."""
    clock(datetime.datetime.now(tz=TZ))


def _callback(complaint, desk, result, comment=""):
    services.complaint_record_callback(complaint=complaint, by=desk.office, result=result,
                                       comment=comment or "回访")
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def six(desk, clock):
    """Six complaints of the market department, times in Asia/Shanghai (09:00–17:30 days):

    A  Mon 2 Mar 09:00 → approved Mon 2 Mar 13:15: 0.50 day; feedback, satisfied, closed 10 Mar
    B  Fri 6 Mar 13:15 → Mon 9 Mar 13:15 (weekend): 1.00; basically satisfied
    C  Wed 30 Sep 09:00 (gas smell) → Fri 9 Oct 09:00: 30 Sep + 8 Oct (1–7 Oct holidays) = 2.00;
       satisfied
    D  Fri 9 Oct 13:15 (quality, pressure) → Sat 10 Oct 13:15, a make-up working day: 1.00
    E  Mon 2 Mar 09:00 → approved 3 Mar, dissatisfied call-back (reopened), approved again Fri
       6 Mar 17:30: to its latest approval 5.00
    F  Mon 2 Mar 10:00 (other): registered only
    """
    a = _approve_at(make_complaint(desk, received_at=at(2026, 3, 2)), desk, clock,
                    at(2026, 3, 2, 13, 15))
    walk(a, desk, S.FEEDBACK_GIVEN)
    _callback(a, desk, CallbackResult.SATISFIED)
    clock(at(2026, 3, 10, 10))
    services.complaint_close(complaint=a, by=desk.office)
    _real_time(clock)
    b = _approve_at(make_complaint(desk, received_at=at(2026, 3, 6, 13, 15)), desk, clock,
                    at(2026, 3, 9, 13, 15))
    walk(b, desk, S.FEEDBACK_GIVEN)
    _callback(b, desk, CallbackResult.BASICALLY_SATISFIED)
    c = _approve_at(make_complaint(desk, category_code="gas_smell",
                                   received_at=at(2026, 9, 30)), desk, clock, at(2026, 10, 9))
    walk(c, desk, S.FEEDBACK_GIVEN)
    _callback(c, desk, CallbackResult.SATISFIED)
    d = _approve_at(make_complaint(desk, quality=True, category_code="pressure",
                                   received_at=at(2026, 10, 9, 13, 15)), desk, clock,
                    at(2026, 10, 10, 13, 15))
    e = _approve_at(make_complaint(desk, received_at=at(2026, 3, 2)), desk, clock,
                    at(2026, 3, 3))
    walk(e, desk, S.FEEDBACK_GIVEN)
    clock(at(2026, 3, 4, 10))  # reopened: its new limits run from 4 March
    _callback(e, desk, CallbackResult.DISSATISFIED, "仍不满意")
    _real_time(clock)
    e = _approve_at(e, desk, clock, at(2026, 3, 6, 17, 30))
    f = make_complaint(desk, category_code="other", received_at=at(2026, 3, 2, 10))
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f}


def _counts(rows):
    return {row.label: row.count for row in rows if row.count}


def test_the_figures_match_the_hand_computed_fixture(desk, six):
    figures = complaint_figures(user=desk.gm, now=NOW)

    assert figures.total == 6
    assert figures.overdue == 3  # F registered, D and E awaiting feedback since March/October
    assert {row.key: row.count for row in figures.by_status if row.count} == {
        S.REGISTERED: 1, S.AWAITING_FEEDBACK: 2, S.CALLED_BACK: 2, S.CLOSED: 1}
    assert {row.key: row.count for row in figures.by_class} == {"quality": 1, "service": 5}
    assert [(row.label, row.count) for row in figures.by_category] == [
        ("安全隐患", 1), ("供气质量与压力", 1), ("计量与收费", 3), ("其他", 1)]
    assert _counts(figures.by_department) == {"市场部": 6}
    assert (figures.handling.count, figures.handling.median, figures.handling.p90) == (
        5, Decimal("1.00"), Decimal("3.80"))  # [0.5, 1, 1, 2, 5]: 2 + 0.6 × (5 − 2)
    assert (figures.answered, figures.reopened, figures.reopen_rate) == (4, 1, Decimal("25.0"))
    assert [(row.key, row.count, row.share) for row in figures.satisfaction] == [
        ("satisfied", 2, Decimal("50.0")), ("basically_satisfied", 1, Decimal("25.0")),
        ("dissatisfied", 1, Decimal("25.0"))]
    assert figures.callbacks == 4
    trend = {month.month: (month.received, month.closed) for month in figures.trend}
    assert len(figures.trend) == 12
    assert figures.trend[0].month == datetime.date(2025, 12, 1)
    assert figures.trend[-1].month == datetime.date(2026, 11, 1)
    assert trend[datetime.date(2026, 3, 1)] == (4, 1)
    assert trend[datetime.date(2026, 9, 1)] == (1, 0)
    assert trend[datetime.date(2026, 10, 1)] == (1, 0)
    assert sum(received for received, _ in trend.values()) == 6


def test_a_period_selects_the_complaints_received_in_it(desk, six):
    figures = complaint_figures(user=desk.gm, date_from=datetime.date(2026, 9, 1),
                                date_to=datetime.date(2026, 10, 31), now=NOW)

    assert figures.total == 2  # C and D
    assert (figures.handling.count, figures.handling.median, figures.handling.p90) == (
        2, Decimal("1.50"), Decimal("1.90"))
    assert figures.trend[-1].month == datetime.date(2026, 10, 1)


def test_a_complaint_answered_through_its_incident_counts_to_the_incidents_approval(desk,
                                                                                   clock):
    incident = make_complaint(desk, is_incident=True, category_code="outage",
                              received_at=at(2026, 3, 2))
    child = make_complaint(desk, category_code="outage", caller_name="孙",
                           received_at=at(2026, 3, 3))
    services.complaint_link_incident(complaint=child, incident=incident, by=desk.receiver)
    _approve_at(incident, desk, clock, at(2026, 3, 4))
    walk(incident, desk, S.FEEDBACK_GIVEN)

    figures = complaint_figures(user=desk.gm, now=NOW)

    # incident: 2 days (2 and 3 March); the child: 1 day (3 March)
    assert (figures.handling.count, figures.handling.median) == (2, Decimal("1.50"))


def test_the_page_shows_the_figures_the_definition_and_the_charts(client, desk, six):
    client.force_login(desk.gm)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="figure-total">6<' in html
    assert "Handling time: working days" in html or "工作日" in html
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert len(images) == 4
    for image in images:
        svg = base64.b64decode(image).decode()
        assert svg.startswith("<svg") and "<script" not in svg
    assert reverse("complaints:dashboard_pdf") in html


def test_the_charts_have_no_script_nothing_fetched_and_escape_category_names(desk, six):
    """A category name is typed in the admin: in the SVG it is text, never markup."""
    hostile = '<script>alert(1)</script><img src="http://evil.example/x">'
    top = ComplaintCategory.objects.get(code="metering")
    top.name = hostile
    top.save()

    charts = dashboard_charts(complaint_figures(user=desk.gm, now=NOW))

    for svg in charts.values():
        assert not svg.startswith("<?xml")
        root = ElementTree.fromstring(svg)
        tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
        assert not tags & {"script", "img", "image", "a", "foreignObject", "use"}
        attributes = {name.rsplit("}", 1)[-1] for element in root.iter()
                      for name in element.attrib}
        assert not attributes & {"href", "src"}
        assert not any(name.startswith("on") for name in attributes)
    texts = [element.text for element in ElementTree.fromstring(charts["category"]).iter()]
    assert hostile in texts


def test_the_query_count_does_not_grow_with_the_number_of_complaints(client, desk):
    def some(count):
        for index in range(count):
            complaint = make_complaint(desk, quality=index % 3 == 1,
                                       category_code=("meter_reading", "outage", "gas_smell")[
                                           index % 3])
            if index % 3 == 0:
                walk(complaint, desk, S.CALLED_BACK)

    def measured():
        clear_calendar_cache()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    client.force_login(desk.gm)
    some(3)
    few = measured()
    some(27)
    many = measured()

    assert few == many


@pytest.mark.parametrize("who", ["gm", "office"])
def test_the_general_manager_and_the_office_see_every_department(client, desk, who):
    make_complaint(desk)
    counter = DepartmentFactory(code="counter", name="营业厅")
    clerk = UserFactory(roles=["staff"], department=counter)
    services.complaint_register(by=clerk, channel="counter", category=category(),
                                complaint_class="service", text="排队太久", caller_name="刘",
                                caller_phone="13700001111")
    client.force_login(getattr(desk, who))

    response = client.get(URL)

    assert response.status_code == 200
    assert _counts(response.context["figures"].by_department) == {"市场部": 1, "营业厅": 1}


def test_a_department_head_sees_only_the_complaints_of_his_department(client, desk):
    make_complaint(desk)
    counter = DepartmentFactory(code="counter", name="营业厅")
    counter_head = UserFactory(roles=["staff"], department=counter)
    counter.head = counter_head
    counter.save()
    services.complaint_register(by=counter_head, channel="counter", category=category(),
                                complaint_class="service", text="排队太久", caller_name="刘",
                                caller_phone="13700001111")

    for head, department in ((desk.head, "市场部"), (counter_head, "营业厅")):
        client.force_login(head)
        response = client.get(URL)
        assert response.status_code == 200
        assert _counts(response.context["figures"].by_department) == {department: 1}


@pytest.mark.parametrize("role", ["staff", "production", "finance", "sysadmin",
                                  "market_manager", "sales_director"])
def test_anyone_else_is_refused(client, desk, role):
    make_complaint(desk)
    client.force_login(UserFactory(roles=[role]))

    assert client.get(URL).status_code == 403
    assert client.get(reverse("complaints:dashboard_pdf")).status_code == 403


def test_the_receiver_and_the_handler_are_refused_though_they_see_the_complaint(client, desk):
    walk(make_complaint(desk), desk, S.HANDLING)

    for user in (desk.receiver, desk.handler):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_reversed_period_is_an_error_naming_the_field_and_shows_every_complaint(client, desk):
    make_complaint(desk)
    client.force_login(desk.gm)

    response = client.get(URL, {"date_from": "2026-12-01", "date_to": "2026-01-01"})

    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors
    assert response.context["figures"].total == 1


def test_the_printed_dashboard_carries_the_figures_and_the_svg_charts(client, desk, six):
    client.force_login(desk.office)

    response = client.get(reverse("complaints:dashboard_pdf"),
                          {"date_from": "2026-01-01", "date_to": "2026-12-31"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_without_whitespace(response.content)
    assert "客户投诉统计" in text and "2026-01-01至2026-12-31" in text
    assert "计量与收费" in text and "第1页" in text


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2026-02-30", "x"])
def test_a_date_out_of_range_is_a_form_error_not_a_server_error(client, desk, value):
    client.force_login(desk.gm)

    for name in ("date_from", "date_to"):
        response = client.get(URL, {name: value})
        assert response.status_code == 200
        assert name in response.context["form"].errors
