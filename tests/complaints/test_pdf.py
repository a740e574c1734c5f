"""The complaint handling sheet (投诉处理单, issue 11 point 7): who gets it (404 for whoever may
not see the complaint), what it prints (complaint, handling, approval rounds, feedback,
call-back, page numbers), and the customer's data only for readers of the customer, whose
print is logged (第十一条)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints import services
from complaints.models import CallbackResult
from complaints.pdf import SHEET_TEMPLATE, complaint_sheet_context
from core.models import AccessLog
from customers.models import Customer
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.complaints.factories import S, approve, category, make_complaint, walk
from tests.customers.factories import make_customer
from tests.helpers.pdf import pages_without_whitespace, text_without_whitespace

pytestmark = pytest.mark.django_db


def _pdf(client, user, complaint):
    client.force_login(user)
    return client.get(reverse("complaints:pdf", args=[complaint.pk]))


def _customer_logs():
    return AccessLog.objects.filter(content_type=ContentType.objects.get_for_model(Customer))


@pytest.fixture
def customer(desk):
    custodian = UserFactory(username="custodian", roles=["staff"])
    return make_customer(by=desk.receiver, custodian=custodian, name="钱多多餐饮有限公司")


@pytest.fixture
def reopened(desk):
    """A quality complaint: production's part, a rejected round, an approved one, feedback, a
    dissatisfied call-back (reopened), approved again, feedback, satisfied, closed."""
    complaint = walk(make_complaint(desk, quality=True), desk, S.IN_APPROVAL)
    approve(complaint, desk.gm, approve=False, comment="原因分析不充分")
    complaint.refresh_from_db()
    walk(complaint, desk, S.FEEDBACK_GIVEN)
    services.complaint_record_callback(complaint=complaint, by=desk.office,
                                      result=CallbackResult.DISSATISFIED, comment="仍然走得快")
    complaint.refresh_from_db()
    return walk(complaint, desk, S.CLOSED)


def test_the_sheet_prints_the_complaint_handling_rounds_feedback_and_call_backs(
        client, desk, reopened):
    response = _pdf(client, desk.office, reopened)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{reopened.number}.pdf"'
    pages = pages_without_whitespace(response.content)
    text = "".join(pages)
    assert reopened.number in text
    for printed in ("客户投诉处理单", "燃气表走得太快", "表具计量偏差", "更换表具并校验",
                    "现场检测压力正常", "审批记录", "第1轮", "第2轮", "第3轮", "原因分析不充分",
                    "已更换表具", "仍然走得快", "13812345678"):
        assert printed in text, printed
    assert all(f"第{n}页共{len(pages)}页" in page for n, page in enumerate(pages, start=1))


def test_a_reader_of_the_customer_gets_its_data_and_the_print_is_logged(client, desk, customer):
    complaint = make_complaint(desk, customer=customer, caller_name="")
    custodian = customer.custodian

    response = _pdf(client, custodian, complaint)

    assert response.status_code == 200
    text = text_without_whitespace(response.content)
    assert complaint.number in text and customer.name in text and customer.number in text
    log = _customer_logs().get()
    assert (log.user, log.object_id, log.action) == (custodian, str(customer.pk),
                                                     AccessLog.Action.PRINT)


def test_a_complaint_reader_who_may_not_read_the_customer_gets_no_customer_data_and_no_log(
        client, desk, customer):
    complaint = make_complaint(desk, customer=customer, caller_name="", caller_phone="13812345678")

    response = _pdf(client, desk.office, complaint)

    assert response.status_code == 200
    text = text_without_whitespace(response.content)
    assert complaint.number in text
    assert customer.name not in text and customer.number not in text
    assert "客户资料不予打印" in text
    assert not _customer_logs().exists()


def test_the_callers_phone_is_masked_for_a_reader_who_does_not_work_on_it(client, desk):
    complaint = make_complaint(desk, quality=True)

    response = _pdf(client, UserFactory(roles=["production"]), complaint)

    text = text_without_whitespace(response.content)
    assert "138****5678" in text and "13812345678" not in text


@pytest.mark.parametrize("who", ["outsider", "other_department", "sysadmin", "finance"])
def test_whoever_may_not_see_the_complaint_gets_a_404(client, desk, customer, who):
    complaint = make_complaint(desk, customer=customer, caller_name="")
    users = {"outsider": UserFactory(roles=["staff"]),
             "other_department": UserFactory(roles=["staff"],
                                             department=DepartmentFactory(code="counter")),
             "sysadmin": UserFactory(roles=["sysadmin"]),
             "finance": UserFactory(roles=["finance"])}

    response = _pdf(client, users[who], complaint)

    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_another_departments_complaint_is_a_404_for_the_receiver(client, desk):
    counter = DepartmentFactory(code="counter")
    clerk = UserFactory(roles=["staff"], department=counter)
    theirs = services.complaint_register(by=clerk, channel="counter", category=category(),
                                         complaint_class="service", text="排队太久",
                                         caller_name="刘", caller_phone="13700001111")

    assert _pdf(client, desk.receiver, theirs).status_code == 404
    assert _pdf(client, clerk, theirs).status_code == 200


def test_anonymous_users_are_sent_to_the_login_page(client, desk):
    complaint = make_complaint(desk)

    response = client.get(reverse("complaints:pdf", args=[complaint.pk]))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_linked_complaint_says_it_is_answered_with_its_incident(client, desk):
    incident = make_complaint(desk, is_incident=True, category_code="outage")
    child = make_complaint(desk, category_code="outage", caller_name="孙")
    services.complaint_link_incident(complaint=child, incident=incident, by=desk.receiver)
    walk(incident, desk, S.FEEDBACK_GIVEN)

    incident_text = text_without_whitespace(_pdf(client, desk.office, incident).content)
    child_text = text_without_whitespace(_pdf(client, desk.office, child).content)

    assert child.number in incident_text  # the linked complaints
    assert f"随所属事件{incident.number}答复" in child_text
    assert f"随事件{incident.number}反馈" in child_text


def test_building_the_sheet_takes_a_fixed_number_of_queries(desk, reopened):
    """Rounds, decisions, records and events come in a fixed number of queries."""
    simple = walk(make_complaint(desk), desk, S.IN_APPROVAL)
    counts = []
    for complaint in (simple, simple, reopened):  # the first warms the content-type cache
        with CaptureQueriesContext(connection) as queries:
            render_to_string(SHEET_TEMPLATE, complaint_sheet_context(
                complaint=complaint, user=desk.office, access=None))
        counts.append(len(queries))

    assert counts[1] == counts[2]


def _granted(customer, reader, gm, scope):
    from approvals.selectors import pending_request_for
    from approvals.services import approval_decide
    from customers import services as customer_services

    request = customer_services.access_request_create(
        requester=reader, customers=[customer], purpose="核对投诉用户信息", scope=scope, days=3)
    approval_decide(step=pending_request_for(request).steps.get(), by=gm, approve=True)


@pytest.mark.parametrize(("scope", "printed"), [("view", False), ("view_print", True)])
def test_a_granted_reader_prints_the_customers_data_only_with_a_printing_grant(
        client, desk, customer, scope, printed):
    complaint = make_complaint(desk, customer=customer, caller_name="")
    _granted(customer, desk.office, desk.gm, scope)

    text = text_without_whitespace(_pdf(client, desk.office, complaint).content)

    assert (customer.name in text) is printed
    assert _customer_logs().filter(action=AccessLog.Action.PRINT).exists() is printed


@pytest.mark.parametrize(("template", "body_class"), [
    ("complaints/print/sheet.html", "doc-complaint-sheet"),
    ("complaints/print/dashboard.html", "doc-complaints-dashboard")])
def test_the_printed_documents_extend_the_print_base_and_name_their_layout(template, body_class):
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / "templates" / template).read_text(encoding="utf-8")
    css = (Path(settings.BASE_DIR) / "static/print/print.css").read_text(encoding="utf-8")
    assert text.startswith('{% extends "print/base.html" %}')
    assert f"{{% block body_class %}}{body_class}{{% endblock body_class %}}" in text
    assert f".{body_class} " in css
