"""The printed contract: its content, the draft mark, the approval page, the digest and the
verification code, who may print it and who may verify it."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from approvals.services import approval_decide
from contracts import pdf as contracts_pdf
from contracts import services
from contracts.models import ClauseTemplate, Contract, ContractType, Installment, PriceStandard
from contracts.pdf import (
    DRAFT_MARK,
    contract_pdf,
    contract_pdf_context,
    contract_printed_digest,
    verification_code,
    verification_code_matches,
)
from core.models import AccessLog
from tests.accounts.factories import UserFactory
from tests.contracts.conftest import COMPANY, INSTALLATION_CLAUSE_FIELDS
from tests.customers.factories import make_customer, make_notice
from tests.helpers.pdf import (
    embedded_font_program,
    font_program_family,
    fonts_of_page,
    pages_without_whitespace,
    text_without_whitespace,
)
from tests.helpers.pdf_fonts import embedded_faces

pytestmark = pytest.mark.django_db

CUSTOMER_NAME = "昆明翠湖餐饮有限公司"
NO_SPACE_DRAFT_MARK = "".join(DRAFT_MARK.split())
CODE_SHAPE = re.compile(r"^\d+-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$")


# --- Helpers ----------------------------------------------------------------------------------


def _standard(price="3000.00"):
    return PriceStandard.objects.get_or_create(
        item="商业燃气安装", unit="户", unit_price=Decimal(price),
        effective_from=datetime.date(2025, 1, 1), document_number="昆发改价格〔2025〕12号",
        defaults={"approved_by": UserFactory(roles=["finance"])})[0]


def _installation():
    return ContractType.objects.get(code="installation")


def _approved_residential(drafter) -> Contract:
    """An ordinary residential installation: no route (第四条), approved at submission."""
    contract = services.contract_create(
        by=drafter, contract_type=_installation(), customer=make_customer(by=drafter),
        title="户内安装", price_lines=[(_standard("2800.00"), Decimal("1"))],
        **INSTALLATION_CLAUSE_FIELDS)
    assert services.contract_submit(contract=contract, by=drafter) is None
    contract.refresh_from_db()
    return contract


# --- Data, built through the services ---------------------------------------------------------


@pytest.fixture
def drafter():
    return UserFactory(username="drafter", roles=["staff"], last_name="张", first_name="经办")


@pytest.fixture
def manager():
    return UserFactory(roles=["market_manager"], last_name="王", first_name="市场")


@pytest.fixture
def vice_president():
    return UserFactory(roles=["ops_vp"], last_name="赵", first_name="副总")


@pytest.fixture
def draft(drafter):
    """A commercial installation in two installments with two steps, not submitted yet."""
    notice = make_notice()
    return services.contract_create(
        by=drafter, contract_type=_installation(), premises=notice.premises,
        customer=make_customer(by=drafter, category="commercial", name=CUSTOMER_NAME,
                               contacts=[{"name": "李经理", "mobile": "13812345678"}]),
        title="商业分期安装", payment_method="installments",
        price_lines=[(_standard("3000.00"), Decimal("2"))], **INSTALLATION_CLAUSE_FIELDS,
        installments=[{"amount": Decimal("3000"), "due_on": datetime.date(2026, 12, 1),
                       "milestone": "开工前"},
                      {"amount": Decimal("3000"), "due_on": datetime.date(2027, 3, 1),
                       "milestone": "通气验收后"}],
        steps=[{"description": "管道预埋", "planned_start": datetime.date(2026, 12, 5),
                "planned_end": datetime.date(2026, 12, 20)},
               {"description": "设备安装", "planned_start": datetime.date(2027, 1, 5),
                "planned_end": datetime.date(2027, 1, 25)}])


@pytest.fixture
def signed(draft, drafter, manager, vice_president):
    """The draft approved by the market manager, then the vice president, then signed."""
    request = services.contract_submit(contract=draft, by=drafter)
    approval_decide(step=request.steps.get(position=1), by=manager, approve=True,
                    comment="同意")
    approval_decide(step=request.steps.get(position=2), by=vice_president, approve=True)
    draft.refresh_from_db()
    return services.contract_sign(contract=draft, by=drafter)


@pytest.fixture
def take_or_pay():
    """A complete take-or-pay contract with an industrial customer."""
    vp = UserFactory(roles=["ops_vp"])
    contract = services.contract_create(
        by=vp, contract_type=ContractType.objects.get(code="take_or_pay"),
        customer=make_customer(by=UserFactory(roles=["staff"]), category="industrial"),
        title="工业用气照付不议", starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 12, 31))
    services.contract_record_market_data(
        contract=contract, by=UserFactory(roles=["market_manager"]),
        annual_quantity=Decimal("3650000"), daily_max=Decimal("12000"), daily_min=Decimal("8000"),
        max_hourly_flow=Decimal("600"), pressure_mpa=Decimal("0.4"), delivery_point="城东门站")
    services.contract_record_finance_data(
        contract=contract, by=UserFactory(roles=["finance"]), gas_price=Decimal("2.85"),
        take_or_pay_percent=Decimal("80"), settlement_period="每月")
    return contract


# --- Content ----------------------------------------------------------------------------------


def test_a_signed_contract_prints_its_number_customer_amount_and_capitals(signed, drafter):
    """Acceptance: the number, the customer's name, the amount and its Chinese capitals."""

    text = text_without_whitespace(contract_pdf(contract=signed, printed_by=drafter))

    assert signed.number in text
    assert CUSTOMER_NAME in text
    assert "¥6,000.00" in text
    assert "人民币陆仟元整" in text


def test_the_contract_prints_parties_premises_schedule_and_steps(signed, drafter):
    """Header, 甲方/乙方 with the full ID number, premises, installments and steps."""

    text = text_without_whitespace(contract_pdf(contract=signed, printed_by=drafter))

    assert text.startswith("".join(COMPANY["name"].split()))  # the company profile's name
    assert "工程安装合同" in text
    assert "甲方" + "".join(COMPANY["name"].split()) in text and f"乙方{CUSTOMER_NAME}" in text
    assert signed.customer.id_number in text
    assert "".join(str(signed.premises).split()) in text
    for value in ("2026-12-01", "2027-03-01", "开工前", "通气验收后", "3,000.00"):
        assert value in text
    for value in ("管道预埋", "2026-12-05", "2026-12-20", "设备安装", "2027-01-25"):
        assert value in text
    for label in ("甲方（盖章）", "乙方（盖章）", "代表签字", "日期"):
        assert label in text


def test_a_signed_contract_prints_its_frozen_clauses_not_a_newer_template(signed, drafter):
    """A template version published after signing does not change the printed clauses."""
    ClauseTemplate.objects.create(contract_type=_installation(), version=7,
                                  effective_from=timezone.localdate(), body="改过的条款{number}")

    text = text_without_whitespace(contract_pdf(contract=signed, printed_by=drafter))

    assert "".join(signed.signed_text.split()) in text
    assert "改过的条款" not in text
    assert NO_SPACE_DRAFT_MARK not in text


def test_the_approval_page_lists_every_step_decider_and_decision(signed, drafter, manager,
                                                                 vice_president):
    """审批记录 on a page of its own: both steps, who decided, the comment."""

    pages = pages_without_whitespace(contract_pdf(contract=signed, printed_by=drafter))

    approval_pages = [page for page in pages if "审批记录" in page]
    assert len(approval_pages) == 1
    approval = approval_pages[0]
    assert "合同条款" not in approval
    assert "第1轮" in approval
    assert str(manager) in approval and str(vice_president) in approval
    assert "市场部经理" in approval and "同意" in approval
    assert "打印：张经办" in approval


def test_the_last_page_carries_the_verification_code_and_path(signed, drafter):
    """验证码 and /contracts/verify/<code>/ at the bottom of the last page only."""
    code = verification_code(contract=signed)

    pages = pages_without_whitespace(contract_pdf(contract=signed, printed_by=drafter))

    assert CODE_SHAPE.match(code)
    assert f"验证码：{code}" in pages[-1]
    assert f"/contracts/verify/{code}/" in pages[-1]
    assert contract_printed_digest(contract=signed) in pages[-1]
    assert all("验证码" not in page for page in pages[:-1])
    assert f"第{len(pages)}页共{len(pages)}页" in pages[-1]


def test_an_unsigned_contract_prints_the_current_template_under_the_draft_mark(draft, drafter):
    """Before signing: today's template filled in, marked 草稿/未签订 — 仅供审阅."""

    text = text_without_whitespace(contract_pdf(contract=draft, printed_by=drafter))

    assert NO_SPACE_DRAFT_MARK in text
    assert "人民币6,000.00元（大写：陆仟元整）" in text
    assert "尚未提交审批" in text


def test_a_contract_signed_without_approval_says_none_was_needed(drafter):
    """第四条: an ordinary residential installation is signed by the staff member."""
    contract = _approved_residential(drafter)
    services.contract_sign(contract=contract, by=drafter)

    text = text_without_whitespace(contract_pdf(contract=contract, printed_by=drafter))

    assert "无需审批（第四条：由业务人员签订）" in text
    assert "贰仟捌佰元整" in text


def test_a_take_or_pay_contract_prints_its_terms(take_or_pay):
    """第九条: quantities, pressure, percentage, price, delivery point and settlement."""

    text = text_without_whitespace(
        contract_pdf(contract=take_or_pay, printed_by=take_or_pay.created_by))

    assert "照付不议条款" in text
    for value in ("3,650,000m³", "12,000m³", "8,000m³", "600m³/h", "0.4MPa", "80%",
                  "2.85元/m³", "城东门站", "每月", "¥10,402,500.00"):
        assert value in text


def test_a_supply_contract_prints_its_term_and_no_fixed_amount(drafter):
    """Gas is paid as used: no ¥0.00, no 零元整; the term and the premises are printed."""
    notice = make_notice()
    contract = services.contract_create(
        by=drafter, contract_type=ContractType.objects.get(code="residential_supply"),
        customer=make_customer(by=drafter), title="居民供气", premises=notice.premises,
        starts_on=datetime.date(2026, 12, 1), ends_on=datetime.date(2031, 11, 30))

    text = text_without_whitespace(contract_pdf(contract=contract, printed_by=drafter))

    assert "居民供气合同" in text
    assert "按实际用气量及执行气价结算" in text
    assert "零元整" not in text
    assert "2026-12-01至2031-11-30" in text
    assert "".join(str(notice.premises).split()) in text


def test_the_contract_is_built_in_chinese_whatever_the_users_language(
        signed, drafter, monkeypatch):
    """The context and the template are rendered with zh-hans active, in China time."""
    seen = {}

    def fake_render_pdf(template_name, context, **kwargs):
        seen["language"] = translation.get_language()
        seen["timezone"] = timezone.get_current_timezone_name()
        seen["template"] = template_name
        seen["status"] = context["contract"].get_status_display()
        return b"%PDF-1.7\n%%EOF\n"

    monkeypatch.setattr(contracts_pdf, "render_pdf", fake_render_pdf)

    with translation.override("en"), timezone.override(datetime.UTC):
        contract_pdf(contract=signed, printed_by=drafter)

    assert seen == {"language": "zh-hans", "timezone": "Asia/Shanghai",
                    "template": "contracts/print/contract.html", "status": "已签订"}


@pytest.mark.parametrize(("state", "queries"), [("signed", 6), ("draft", 6)])
def test_building_the_context_takes_a_fixed_number_of_queries(
        request, drafter, django_assert_num_queries, state, queries):
    """Contract, installments, steps; the template and the company profile of a draft (a
    signed contract prints its frozen party); rounds with their steps and decisions (none
    before submission): however many rows."""
    contract = request.getfixturevalue(state)
    ContentType.objects.get_for_model(Contract)  # cached, as in a running process

    with django_assert_num_queries(queries):
        contract_pdf_context(contract=contract, printed_by=drafter)


@pytest.mark.parametrize("state", ["signed", "take_or_pay"])
def test_the_fonts_are_embedded_noto_cjk_sc(noto_cjk_sc, request, state):
    """Every font of the contract (¥, —, m³ and the draft mark included) is an embedded
    Noto CJK SC face."""
    contract = request.getfixturevalue(state)

    pdf = contract_pdf(contract=contract, printed_by=contract.created_by)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        for base_font, descriptor in fonts_of_page(page):
            program = embedded_font_program(descriptor)
            assert program, f"{base_font} is not embedded"
            family = font_program_family(program)
            assert family in (settings.PDF_FONT_FAMILY_SERIF, settings.PDF_FONT_FAMILY_SANS)


@pytest.mark.parametrize("state", ["signed", "draft", "take_or_pay"])
def test_the_contract_embeds_one_serif_and_one_sans_face_and_weighs_under_200_kb(
        noto_cjk_sc, request, state):
    """Two regular faces (serif text, sans headings, labels, amount in capitals, draft mark),
    no bold face; under 200 KB; the Chinese text extracts as printed."""
    contract = request.getfixturevalue(state)

    pdf = contract_pdf(contract=contract, printed_by=contract.created_by)

    assert sorted(embedded_faces(pdf).values()) == [
        (settings.PDF_FONT_FAMILY_SANS, "Regular"), (settings.PDF_FONT_FAMILY_SERIF, "Regular")]
    assert len(pdf) < 200 * 1024
    text = text_without_whitespace(pdf)
    assert contract.number in text
    assert "合同金额" in text
    assert "审批" in text


# --- Digest and verification code -----------------------------------------------------------


def test_the_digest_is_the_same_for_the_same_state_whatever_the_language_or_time(signed):
    """Printed content, not PDF bytes: no timestamp, no translated label in it."""
    first = contract_printed_digest(contract=signed)

    with translation.override("en"), timezone.override(datetime.UTC):
        second = contract_printed_digest(contract=signed)

    assert first == second
    assert re.fullmatch(r"[0-9a-f]{64}", first)


def test_the_digest_ignores_payments_which_are_not_printed(signed):
    """Recording a payment does not make the printout outdated."""
    before = contract_printed_digest(contract=signed)

    Installment.objects.filter(contract=signed, sequence=1).update_unrecorded(
        paid_amount=Decimal("3000"))

    assert contract_printed_digest(contract=signed) == before


def test_a_printed_change_changes_the_digest_and_outdates_the_code(draft):
    """A new subject before signing: another digest, and the old code no longer matches."""
    old_code = verification_code(contract=draft)

    Contract.objects.filter(pk=draft.pk).update_unrecorded(title="商业分期安装（改）")
    digest = contract_printed_digest(contract=draft)

    assert not verification_code_matches(contract=draft, code=old_code, digest=digest)
    assert verification_code_matches(contract=draft, code=verification_code(contract=draft),
                                     digest=digest)


def test_signing_changes_the_digest(drafter):
    """A printout made before signing does not verify as the signed contract."""
    contract = _approved_residential(drafter)
    before = contract_printed_digest(contract=contract)

    services.contract_sign(contract=contract, by=drafter)

    assert contract_printed_digest(contract=contract) != before


# --- The views --------------------------------------------------------------------------------


def test_the_drafter_gets_the_pdf_and_the_print_is_logged(client, signed, drafter):
    """GET print gives the PDF inline, named after the number, and one print entry."""
    client.force_login(drafter)

    response = client.get(reverse("contracts:print", args=[signed.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{signed.number}.pdf"'
    assert signed.number in text_without_whitespace(response.content)
    log = AccessLog.objects.get(action=AccessLog.Action.PRINT,
                                content_type=ContentType.objects.get_for_model(Contract))
    assert log.user == drafter
    assert log.object_id == str(signed.pk)
    assert log.grant


def test_an_unrelated_staff_member_cannot_print(client, signed):
    """404 (absence and prohibition alike); nothing is logged."""
    client.force_login(UserFactory(roles=["staff"]))

    response = client.get(reverse("contracts:print", args=[signed.pk]))

    assert response.status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.PRINT).exists()


def test_any_logged_in_user_verifies_a_code_and_sees_number_and_status(client, signed):
    """The verification page shows no customer data: number, type and status; not the hash,
    which covers the full ID number (第十一条), to someone who does not read the customer."""
    client.force_login(UserFactory(roles=["staff"]))

    response = client.get(reverse("contracts:verify", args=[verification_code(contract=signed)]))

    assert response.status_code == 200
    content = response.content.decode()
    assert response.context["matches"] is True
    assert signed.number in content
    assert "已签订" in content
    assert contract_printed_digest(contract=signed) not in content
    assert CUSTOMER_NAME not in content


def test_a_reader_of_the_customer_verifies_a_code_and_sees_the_digest(client, signed, drafter):
    """The drafter is the customer's responsible staff: number, status and hash."""
    client.force_login(drafter)

    response = client.get(reverse("contracts:verify", args=[verification_code(contract=signed)]))

    assert response.context["matches"] is True
    assert contract_printed_digest(contract=signed) in response.content.decode()


def test_a_lowercase_code_verifies_too(client, signed):
    """A code typed in lower case is the same code."""
    client.force_login(UserFactory(roles=["staff"]))

    response = client.get(reverse("contracts:verify",
                                  args=[verification_code(contract=signed).lower()]))

    assert response.context["matches"] is True


def test_a_tampered_code_does_not_match_and_reveals_nothing(client, signed):
    """Another HMAC for an existing contract: the mismatch is said, the contract not shown."""
    code = verification_code(contract=signed)
    tampered = code[:-1] + ("0" if code[-1] != "0" else "1")
    client.force_login(UserFactory(roles=["staff"]))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("contracts:verify", args=[tampered]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "does not match" in content
    assert signed.number not in content


@pytest.mark.parametrize("code", ["999999-ABCD-ABCD-ABCD", "not-a-code", "ABCD-ABCD-ABCD",
                                  "99999999999999999999999-ABCD-ABCD-ABCD"])
def test_a_code_naming_no_contract_is_404(client, code):
    """Unknown contract id or a code of another shape."""
    client.force_login(UserFactory(roles=["staff"]))

    response = client.get(reverse("contracts:verify", args=[code]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["print", "verify"])
def test_anonymous_users_are_sent_to_the_login_page(client, signed, name):
    """Both pages need a login."""
    arg = signed.pk if name == "print" else verification_code(contract=signed)

    response = client.get(reverse(f"contracts:{name}", args=[arg]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
