import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals.selectors import steps_awaiting
from customers.models import AccessRequest, Customer, GasAccount, GasDeliveryNotice, GasUseClass
from tests.accounts.factories import UserFactory
from tests.customers.factories import DRAWING, make_account, make_customer, make_notice

pytestmark = pytest.mark.django_db


def _customer_post(**overrides):
    data = {"category": "residential", "name": "王小明", "id_type": "resident_id",
            "id_number": "11010519491231002X", "sales_rep": "", "custodian": ""}
    data.update(overrides)
    return data


def test_staff_registers_a_residential_customer_from_the_form(client, staff_user):
    """The form creates the customer, numbers it and sends it for confirmation."""
    client.force_login(staff_user)

    response = client.post(reverse("customers:create"), _customer_post(
        sales_rep=staff_user.pk, custodian=staff_user.pk))

    customer = Customer.objects.get()
    assert response.status_code == 302 and response["Location"] == customer.get_absolute_url()
    assert customer.archive_state == "pending"
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "待审批确认" in page and "销售总监" in page


def test_a_wrong_id_number_is_reported_on_its_field(client, staff_user):
    """The form stays filled and names the field and the problem."""
    client.force_login(staff_user)

    response = client.post(reverse("customers:create"), _customer_post(
        id_number="110105194912310021", sales_rep=staff_user.pk, custodian=staff_user.pk))

    assert response.status_code == 400
    assert "id_number" in response.context["form"].errors
    assert "校验位" in response.content.decode()
    assert 'value="王小明"' in response.content.decode()
    assert not Customer.objects.exists()


def test_a_commercial_customer_is_registered_with_its_contact(client, staff_user):
    """The first contact entered with the customer becomes its primary contact."""
    client.force_login(staff_user)

    client.post(reverse("customers:create"), _customer_post(
        category="commercial", name="翠湖酒店", id_type="uscc", id_number="91350100M000100Y43",
        sales_rep=staff_user.pk, custodian=staff_user.pk,
        **{"contact-name": "李经理", "contact-mobile": "13812345678"}))

    customer = Customer.objects.get()
    assert customer.contacts.get().is_primary


def test_only_business_staff_may_open_the_registration_form(client, finance_user):
    """Other roles get a 403."""
    client.force_login(finance_user)

    assert client.get(reverse("customers:create")).status_code == 403


def test_the_owner_edits_but_the_gm_only_reads(client, staff_user, gm):
    """Full readers are not editors."""
    customer = make_customer(by=staff_user)

    client.force_login(gm)
    assert client.get(reverse("customers:edit", args=[customer.pk])).status_code == 403
    client.force_login(staff_user)
    assert client.get(reverse("customers:edit", args=[customer.pk])).status_code == 200


def test_opening_an_account_without_a_notice_lists_what_is_missing(client, staff_user):
    """The page lists each missing piece in Chinese and opens nothing."""
    customer = make_customer(by=staff_user)
    client.force_login(staff_user)

    response = client.post(reverse("customers:account_open", args=[customer.pk]), {
        "premises-district": "五华区", "premises-community": "翠湖小区"})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="open-problems"' in html and "送气通知单" in html and "用气性质" in html
    assert not GasAccount.objects.exists()


def test_opening_an_account_with_the_notice_and_completing_it(client, staff_user):
    """Open with the notice; the customer page flags it incomplete until meter and stove."""
    customer = make_customer(by=staff_user)
    notice = make_notice()
    client.force_login(staff_user)

    response = client.post(reverse("customers:account_open", args=[customer.pk]), {
        "premises": notice.premises.pk, "notice": notice.pk,
        "use_class": GasUseClass.objects.get(code="res_cooking").pk})
    account = GasAccount.objects.get()
    incomplete = client.get(customer.get_absolute_url()).content.decode()
    client.post(reverse("customers:account_action", args=[account.pk, "meter"]), {
        "meter-number": "NB-0001", "meter-kind": "iot", "meter-spec": "G2.5",
        "meter-initial_reading": "0", "meter-installed_on": "2026-11-20"})
    client.post(reverse("customers:account_action", args=[account.pk, "appliance"]), {
        "kind": "stove", "brand": "方太", "quantity": "1", "flame_out_protection": "on",
        "service_life_years": "8"})
    complete = client.get(customer.get_absolute_url()).content.decode()

    assert response.status_code == 302 and response["Location"] == account.get_absolute_url()
    assert "incomplete-account" in incomplete and "表务信息" in incomplete
    assert "incomplete-account" not in complete
    assert account.meters.get().number == "NB-0001"


def test_a_stove_without_flame_out_protection_is_refused_with_a_message(client, staff_user):
    """The account page shows the field and the rule."""
    account = make_account(customer=make_customer(by=staff_user), appliance=False)
    client.force_login(staff_user)

    response = client.post(reverse("customers:account_action", args=[account.pk, "appliance"]), {
        "kind": "stove", "brand": "杂牌", "quantity": "1", "service_life_years": "8"},
        follow=True)

    assert "熄火保护" in response.content.decode()
    assert not account.appliances.exists()


def test_planning_issues_a_notice_and_attaches_drawings(client, planning_user, staff_user):
    """规划建设部 issues and attaches; business staff may read the drawings but not attach."""
    client.force_login(planning_user)
    client.post(reverse("customers:notice_list"), {
        "premises-district": "盘龙区", "premises-community": "金江小区",
        "issued_on": "2026-11-20"})
    notice = GasDeliveryNotice.objects.get()
    upload = client.post(reverse("customers:notice_upload", args=[notice.pk]), {
        "file": SimpleUploadedFile("竣工图.pdf", DRAWING, content_type="application/pdf"),
        "kind": "drawing"})

    client.force_login(staff_user)
    download = client.get(reverse("customers:notice_file", args=[notice.pk, 1]))
    refused = client.post(reverse("customers:notice_upload", args=[notice.pk]), {
        "file": SimpleUploadedFile("x.pdf", DRAWING, content_type="application/pdf")})

    assert upload.status_code == 302 and notice.drawings_count() == 1
    assert download.status_code == 200 and b"".join(download.streaming_content) == DRAWING
    assert refused.status_code == 403


def test_business_staff_cannot_issue_notices(client, staff_user):
    """Only 规划建设部 issues delivery notices."""
    client.force_login(staff_user)

    response = client.post(reverse("customers:notice_list"), {"premises-district": "盘龙区",
                                                              "issued_on": "2026-11-20"})

    assert response.status_code == 403


def test_an_access_request_from_the_form_reaches_the_gms_inbox(client, staff_user, gm):
    """The request names customers by number and waits for the general manager."""
    customer = make_customer(by=UserFactory(roles=["staff"]))
    client.force_login(staff_user)

    response = client.post(reverse("customers:access_request"), {
        "customer_numbers": customer.number, "purpose": "核对投诉", "scope": "view",
        "days": "5"})

    request = AccessRequest.objects.get()
    assert response.status_code == 302
    assert list(request.customers.all()) == [customer]
    assert steps_awaiting(gm).filter(request__object_id=request.pk).exists()


def test_an_access_request_for_too_many_days_is_refused_on_the_field(client, staff_user):
    """At most 30 days."""
    customer = make_customer(by=UserFactory(roles=["staff"]))
    client.force_login(staff_user)

    response = client.post(reverse("customers:access_request"), {
        "customer_numbers": customer.number, "purpose": "核对", "scope": "view", "days": "45"})

    assert response.status_code == 400 and "days" in response.context["form"].errors


def test_visits_and_transactions_are_recorded_from_their_tabs(client, staff_user):
    """Relationship maintenance and past transactions land in the archive."""
    customer = make_customer(by=staff_user)
    client.force_login(staff_user)

    client.post(reverse("customers:action", args=[customer.pk, "visit"]), {
        "kind": "festival", "planned_on": "2026-12-20", "notes": "春节走访"})
    client.post(reverse("customers:action", args=[customer.pk, "transaction"]), {
        "date": "2026-11-01", "kind": "installation", "amount": "2800.00", "reference": "F001"})

    assert customer.visits.get().notes == "春节走访"
    assert "2,800.00" in client.get(customer.get_absolute_url(), {"tab": "credit"}
                                    ).content.decode()


def test_the_history_tab_shows_who_changed_what(client, staff_user):
    """Field-level differences of the customer archive."""
    from customers import services

    customer = make_customer(by=staff_user)
    services.customer_update(customer=customer, by=staff_user, credit_rating="B",
                             credit_note="偶有迟缴")
    client.force_login(staff_user)

    html = client.get(customer.get_absolute_url(), {"tab": "history"}).content.decode()

    assert "偶有迟缴" in html and str(staff_user) in html


def test_export_to_excel_contains_the_visible_rows(client, staff_user):
    """The Excel export is a workbook with the customers the user may see."""
    import io

    from openpyxl import load_workbook

    customer = make_customer(by=staff_user, name="导出测试")
    client.force_login(staff_user)

    response = client.get(reverse("customers:list"), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert customer.number in values and "导出测试" in values


def test_the_customer_page_costs_the_same_queries_for_1_and_5_accounts(client, staff_user):
    """The accounts of a customer are read with their meters, appliances and alarms at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    customer = make_customer(by=staff_user)
    client.force_login(staff_user)
    counts = {}
    for accounts in (1, 5):
        while customer.accounts.count() < accounts:
            make_account(customer=customer)
        client.get(customer.get_absolute_url(), {"tab": "accounts"})  # warm caches
        with CaptureQueriesContext(connection) as captured:
            client.get(customer.get_absolute_url(), {"tab": "accounts"})
        counts[accounts] = len(captured)

    assert counts[1] == counts[5]
