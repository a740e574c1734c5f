"""The 用户信息表 (第八条): its content, masking, fonts, and who may print it."""

import datetime
import io

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from accounts import roles
from core.attachments import attachment_add
from core.models import AccessLog
from customers import pdf as customers_pdf
from customers import services
from customers.models import AccessRequest, GasUseClass
from customers.pdf import user_sheet_context, user_sheet_pdf
from customers.selectors import account_missing
from tests.accounts.factories import UserFactory
from tests.customers.factories import SHEET_ALARM, SHEET_APPLIANCES, SHEET_METER
from tests.helpers.pdf import (
    noto_families_of_page,
    text_without_whitespace,
)
from tests.helpers.pdf_fonts import embedded_faces

pytestmark = pytest.mark.django_db

ID_NUMBER = "110101199003074258"
MASKED_ID_NUMBER = "110***********4258"
MOBILE = "13812345678"
MASKED_MOBILE = "138****5678"
DRAWING = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- Helpers ----------------------------------------------------------------------------------


# --- Data, built through the services ---------------------------------------------------------


@pytest.fixture
def staff():
    """The responsible staff member; the sales director exists so the archive can be submitted."""
    UserFactory(roles=[roles.SALES_DIRECTOR])
    return UserFactory(roles=[roles.STAFF], last_name="李", first_name="经办")


@pytest.fixture
def planner():
    return UserFactory(roles=[roles.PLANNING])


@pytest.fixture
def customer(staff):
    return services.customer_create(
        by=staff, category="residential", name="王小明", id_type="resident_id",
        id_number=ID_NUMBER,
        contacts=[{"name": "王小明", "mobile": MOBILE, "is_primary": True}],
    )


@pytest.fixture
def notice(planner):
    premises = services.premises_create(
        by=planner, district="五华区", street="华山街道", community="翠湖小区", building="3",
        unit="2", floor="5", room="502")
    notice = services.notice_issue(premises=premises, by=planner,
                                   accepted_on=datetime.date(2026, 3, 1))
    attachment_add(record=notice, by=planner, kind="drawing", uploaded_file=SimpleUploadedFile(
        "图纸.pdf", DRAWING, content_type="application/pdf"))
    return notice


def _open(customer, notice, staff, **extra):
    return services.account_open(
        customer=customer, premises=notice.premises, notice=notice, by=staff,
        use_class=GasUseClass.objects.get(code="res_cooking"), **extra)


@pytest.fixture
def bare_account(customer, notice, staff):
    """An account opened without meter, appliances or alarm."""
    return _open(customer, notice, staff)


@pytest.fixture
def account(customer, notice, staff):
    """An account with its meter, two appliances and an alarm with its shut-off valve."""
    return _open(customer, notice, staff, meter=SHEET_METER, appliances=SHEET_APPLIANCES,
                 alarm=SHEET_ALARM)


def _granted_user(customer, scope=AccessRequest.Scope.VIEW):
    """A staff member reading `customer` through an approved access request (第十一条)."""
    from approvals.selectors import pending_request_for
    from approvals.services import approval_decide

    reader = UserFactory(roles=[roles.STAFF])
    # The grant service accepts only the GM's own decision in the approval round (第十一条).
    gm = UserFactory(username="pdf_gm", roles=[roles.GM])
    access_request = services.access_request_create(
        requester=reader, customers=[customer], purpose="核对地址", scope=scope, days=7)
    approval_decide(step=pending_request_for(access_request).steps.get(), by=gm, approve=True)
    return reader


# --- Content ----------------------------------------------------------------------------------


def test_the_sheet_shows_the_customer_the_account_and_the_meter(account, staff):
    """The sheet is titled 燃气用户信息表 and names the customer, the account and the meter."""

    pdf = user_sheet_pdf(account=account, printed_by=staff, masked=False)

    assert pdf.startswith(b"%PDF-")
    text = text_without_whitespace(pdf)
    assert "燃气用户信息表" in text
    assert "王小明" in text
    assert account.number in text
    assert "BH-2026-0001" in text
    assert "SN88001234" in text
    assert "QF123456" in text
    assert "五华区华山街道翠湖小区3栋2单元5层502室" in text
    assert account.delivery_notice.number in text


def test_the_sheet_ends_with_the_signatures_and_who_printed_it(account, staff):
    """The customer and the clerk sign with a date; the footer line says who printed it."""

    pdf = user_sheet_pdf(account=account, printed_by=staff, masked=False)

    text = text_without_whitespace(pdf)
    for label in ("用户签字：", "经办人签字：", "日期："):
        assert label in text
    assert "打印：李经办" in text


def test_the_print_time_is_china_time(account, staff):
    """The print time is given in Asia/Shanghai, whatever time zone is active."""

    with timezone.override(datetime.UTC):
        context = user_sheet_context(account=account, printed_by=staff, masked=False)

    assert context["printed_at"].utcoffset() == datetime.timedelta(hours=8)
    assert context["printed_at_text"] == context["printed_at"].strftime("%Y-%m-%d %H:%M")


def test_a_masked_sheet_hides_the_id_number_and_the_phone(account, staff):
    """masked=True prints the masked ID number and mobile, never the full ones."""

    pdf = user_sheet_pdf(account=account, printed_by=staff, masked=True)

    text = text_without_whitespace(pdf)
    assert ID_NUMBER not in text
    assert MASKED_ID_NUMBER in text
    assert MOBILE not in text
    assert MASKED_MOBILE in text


def test_the_customer_and_contacts_of_a_masked_context_are_masked_already(account, staff):
    """The template of a masked sheet is given masked identifiers: it does not mask them itself."""

    context = user_sheet_context(account=account, printed_by=staff, masked=True)

    assert context["customer"]["id_number"] == MASKED_ID_NUMBER
    assert context["contacts"][0]["phones"] == MASKED_MOBILE
    assert ID_NUMBER not in repr(context["customer"])


def test_an_unmasked_sheet_shows_the_id_number_and_the_phone(account, staff):
    """masked=False prints the full ID number and mobile."""

    pdf = user_sheet_pdf(account=account, printed_by=staff, masked=False)

    text = text_without_whitespace(pdf)
    assert ID_NUMBER in text
    assert MOBILE in text


def test_the_appliances_and_the_alarm_are_listed(account, staff):
    """Each appliance in use and each alarm with its shut-off valve has its row."""

    pdf = user_sheet_pdf(account=account, printed_by=staff, masked=False)

    text = text_without_whitespace(pdf)
    for value in ("方太", "JZT-TH29B", "林内", "RUS-16E", "厨房", "阳台"):
        assert value in text
    for value in ("汉威", "JT-HW-2", "HW20260001", "艾默生", "QF-15", "DN15", "2031-03-05"):
        assert value in text
    assert "（未录入）" not in text
    assert "信息尚未录入完整" not in text


def test_a_sheet_without_meter_says_not_entered_and_lists_what_is_missing(bare_account, staff):
    """Empty sections read （未录入） and a warning box lists what is still to be entered."""

    with translation.override("zh-hans"):
        missing = account_missing(bare_account)

    pdf = user_sheet_pdf(account=bare_account, printed_by=staff, masked=False)

    text = text_without_whitespace(pdf)
    assert text.count("（未录入）") == 3  # meter, appliances, alarms
    assert "信息尚未录入完整" in text
    assert len(missing) == 2  # meter and appliances (no alarm needed at home)
    assert "".join("、".join(str(item) for item in missing).split()) in text
    assert "information" not in text  # the list is printed in Chinese


def test_the_sheet_is_built_in_chinese_whatever_the_users_language(account, staff, monkeypatch):
    """The context and the template are rendered with zh-hans active, even for an English user."""
    seen = {}

    def fake_render_pdf(template_name, context, **kwargs):
        seen["language"] = translation.get_language()
        seen["template"] = template_name
        return b"%PDF-1.7\n%%EOF\n"

    monkeypatch.setattr(customers_pdf, "render_pdf", fake_render_pdf)

    with translation.override("en"):
        user_sheet_pdf(account=account, printed_by=staff, masked=False)
        language_afterwards = translation.get_language()

    assert seen == {"language": "zh-hans", "template": "customers/print/user_sheet.html"}
    assert language_afterwards == "en"


def test_building_the_sheet_takes_six_queries_however_many_rows(
        account, staff, django_assert_num_queries):
    """Account with its relations in one query, then meters, appliances, alarms and contacts,
    and the company profile's name."""
    services.appliance_add(account=account, by=staff, kind="stove", brand="老板", quantity=2,
                           location="餐厅")

    with django_assert_num_queries(6):
        user_sheet_context(account=account, printed_by=staff, masked=False)


def test_the_fonts_are_embedded_noto_cjk_sc(noto_cjk_sc, account, staff):
    """Every font of the sheet is an embedded Noto CJK SC face (serif body, sans headings)."""

    pdf = user_sheet_pdf(account=account, printed_by=staff, masked=False)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        assert noto_families_of_page(page)


def test_the_sheet_embeds_one_serif_and_one_sans_face_and_weighs_under_200_kb(
        noto_cjk_sc, account, staff):
    """Two regular faces (serif text, sans headings and labels), no bold face; under 200 KB;
    the Chinese text extracts as printed."""

    pdf = user_sheet_pdf(account=account, printed_by=staff, masked=False)

    assert sorted(embedded_faces(pdf).values()) == [
        (settings.PDF_FONT_FAMILY_SANS, "Regular"), (settings.PDF_FONT_FAMILY_SERIF, "Regular")]
    assert len(pdf) < 200 * 1024
    text = text_without_whitespace(pdf)
    for printed in ("燃气用户信息表", "用户信息", "客户名称王小明", "证件号码" + ID_NUMBER,
                    "五华区华山街道翠湖小区3栋2单元5层502室", "金卡智能", "热水器林内RUS-16E",
                    "用户签字：", "第1页共1页"):
        assert printed in text


def test_the_sheet_fits_on_one_a4_page(account, staff):
    """A complete residential account prints on one page, numbered 第 1 页 共 1 页."""

    pdf = user_sheet_pdf(account=account, printed_by=staff, masked=False)

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert "第1页共1页" in text_without_whitespace(pdf)


# --- The view ---------------------------------------------------------------------------------


def _sheet_url(account) -> str:
    return reverse("customers:account_sheet", args=[account.pk])


def test_the_responsible_staff_member_gets_the_pdf_and_the_print_is_logged(
        client, account, staff):
    """GET sheet.pdf gives the PDF, unmasked, and writes one print entry for the customer."""
    client.force_login(staff)

    response = client.get(_sheet_url(account))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="user-sheet-{account.number}.pdf"')
    assert ID_NUMBER in text_without_whitespace(response.content)
    log = AccessLog.objects.get(action=AccessLog.Action.PRINT)
    assert log.user == staff
    assert log.content_type == ContentType.objects.get_for_model(account.customer)
    assert log.object_id == str(account.customer.pk)


def test_an_unrelated_staff_member_gets_404(client, account):
    """Another staff member without a grant cannot tell the account exists; nothing is logged."""
    client.force_login(UserFactory(roles=[roles.STAFF]))

    response = client.get(_sheet_url(account))

    assert response.status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.PRINT).exists()


def test_a_view_only_grant_does_not_allow_printing(client, account):
    """A user who may only view the customer (scope "view") gets 403; nothing is logged."""
    reader = _granted_user(account.customer, AccessRequest.Scope.VIEW)
    client.force_login(reader)

    response = client.get(_sheet_url(account))

    assert response.status_code == 403
    assert not AccessLog.objects.filter(action=AccessLog.Action.PRINT).exists()


def test_a_view_and_print_grant_prints_a_masked_sheet(client, account):
    """A user printing under a "view and print" grant gets the sheet with the ID number masked,
    and the print is logged under that grant."""
    reader = _granted_user(account.customer, AccessRequest.Scope.VIEW_PRINT)
    client.force_login(reader)

    response = client.get(_sheet_url(account))

    assert response.status_code == 200
    text = text_without_whitespace(response.content)
    assert ID_NUMBER not in text
    assert MASKED_ID_NUMBER in text
    log = AccessLog.objects.get(action=AccessLog.Action.PRINT)
    assert log.user == reader
    assert f"#{account.customer.access_grants.get().pk}" in log.grant


def test_the_sheet_is_headed_with_the_company_profiles_name(account, staff):
    """Issue 13 point 5: the company's name comes from its profile, not a placeholder."""
    from contracts.selectors import company_profile_get

    profile = company_profile_get()
    profile.name = "昆明市燃气集团有限公司"
    profile.save()

    context = user_sheet_context(account=account, printed_by=staff, masked=False)

    assert context["company_name"] == "昆明市燃气集团有限公司"
