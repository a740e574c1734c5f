"""Issue 13, points 5 and 6: the signed text never prints "—", signing with blanks is refused
with the list, and each stage prints as it should (draft watermark, 待签订 for signature, the
frozen text once signed) with the company's own party from the company profile."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contracts import services
from contracts.models import CompanyProfile, Contract, ContractType, PriceStandard
from contracts.pdf import AWAITING_SIGNATURE_MARK, DRAFT_MARK, contract_pdf
from tests.accounts.factories import UserFactory
from tests.contracts.conftest import (
    COMPANY,
    INSTALLATION_CLAUSE_FIELDS,
    approved_installation,
    complete_company_profile,
)
from tests.customers.factories import make_customer
from tests.helpers.pdf import pages_without_whitespace, text_without_whitespace

pytestmark = pytest.mark.django_db

NO_SPACE_DRAFT_MARK = "".join(DRAFT_MARK.split())
CLAUSES_HEADING, CLAUSES_NOTE = "合同条款", "条款文本：第"


def _nospace(text: str) -> str:
    return "".join(text.split())


def _clauses_section(text: str) -> str:
    """The printed clauses: from their heading to the note naming the clause version."""
    start = text.index(CLAUSES_HEADING)
    return text[start : text.index(CLAUSES_NOTE, start)]


@pytest.fixture
def drafter():
    return UserFactory(username="drafter", roles=["staff"])


@pytest.fixture
def approved_with_blanks(drafter):
    """An ordinary residential installation approved at once, its clause fields left blank."""
    standard = PriceStandard.objects.create(
        item="户内安装",
        unit="户",
        unit_price=Decimal("2800"),
        effective_from=datetime.date(2025, 1, 1),
        document_number="价〔2025〕1号",
        approved_by=UserFactory(roles=["finance"]),
    )
    contract = services.contract_create(
        by=drafter,
        contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=drafter),
        title="户内安装",
        price_lines=[(standard, Decimal("1"))],
    )
    services.contract_submit(contract=contract, by=drafter)
    contract.refresh_from_db()
    return contract


def _blank_names(exc: ValidationError) -> set[str]:
    assert all(error.code == "blank" for error in exc.error_list)
    return {error.params["name"] for error in exc.error_list}


def test_the_signed_pdf_prints_the_site_the_period_and_the_company_with_no_dash_in_clauses(drafter):
    """The clauses of a signed contract print every value: no "—" among them."""
    contract = services.contract_sign(contract=approved_installation(drafter), by=drafter)

    text = text_without_whitespace(contract_pdf(contract=contract, printed_by=drafter))

    assert _nospace(INSTALLATION_CLAUSE_FIELDS["project_site"]) in text
    assert INSTALLATION_CLAUSE_FIELDS["works_from"].isoformat() in text
    assert INSTALLATION_CLAUSE_FIELDS["works_to"].isoformat() in text
    assert _nospace(COMPANY["name"]) in text
    assert _nospace(COMPANY["tax_number"]) in text
    clauses = _clauses_section(text)
    assert _nospace(contract.signed_text) in clauses
    assert "—" not in clauses


def test_signing_with_blanks_is_refused_with_every_blank_named(drafter, approved_with_blanks):
    """Nothing is frozen; the error lists each blank clause field by name."""
    complete_company_profile()

    with pytest.raises(ValidationError) as refused:
        services.contract_sign(contract=approved_with_blanks, by=drafter)

    assert _blank_names(refused.value) == {"project_name", "project_site", "works_from", "works_to"}
    approved_with_blanks.refresh_from_db()
    assert approved_with_blanks.status == Contract.Status.APPROVED
    assert approved_with_blanks.signed_text == ""


def test_signing_lists_the_company_profile_blanks_too(drafter):
    """甲方 is printed from the company profile: its empty fields stop the signing."""
    contract = approved_installation(drafter)
    profile = CompanyProfile.objects.get(pk=1)
    profile.address, profile.bank_account = "", ""
    profile.save()

    with pytest.raises(ValidationError) as refused:
        services.contract_sign(contract=contract, by=drafter)

    assert _blank_names(refused.value) == {"company.address", "company.bank_account"}


def test_the_sign_confirmation_asks_for_each_blank_clause_value_by_name(
    client, drafter, approved_with_blanks
):
    """A contract approved before the form asked for them: the confirmation page has a required
    field per blank; posted without them it is refused on each field, with them it signs."""
    client.force_login(drafter)
    url = reverse("contracts:sign", args=[approved_with_blanks.pk])
    blanks = {"project_name", "project_site", "works_from", "works_to"}

    page = client.get(url)
    refused = client.post(url, {"confirm": "on"})
    approved_with_blanks.refresh_from_db()
    status_after_refusal = approved_with_blanks.status
    signed = client.post(
        url,
        {
            "confirm": "on",
            "project_name": "户内燃气安装工程",
            "project_site": "昆明市官渡区春城路 6 号",
            "works_from": "2026-12-01",
            "works_to": "2026-12-15",
        },
    )

    assert page.status_code == 200 and blanks <= set(page.context["form"].fields)
    assert refused.status_code == 400 and blanks <= set(refused.context["form"].errors)
    assert status_after_refusal == Contract.Status.APPROVED
    assert signed.status_code == 302
    approved_with_blanks.refresh_from_db()
    assert approved_with_blanks.status == Contract.Status.SIGNED
    assert "昆明市官渡区春城路 6 号" in approved_with_blanks.signed_text
    assert "—" not in approved_with_blanks.signed_text


def test_the_sign_confirmation_lists_the_company_blanks_and_offers_no_button(client, drafter):
    """What the drafter cannot fill (the company profile) is listed; a POST anyway is refused
    on the same page and changes nothing."""
    contract = approved_installation(drafter)
    profile = CompanyProfile.objects.get(pk=1)
    profile.tax_number = ""
    profile.save()
    client.force_login(drafter)
    url = reverse("contracts:sign", args=[contract.pk])

    page = client.get(url)
    posted = client.post(url, {"confirm": "on"})

    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="confirm-problems"' in html and 'data-confirm="sign"' not in html
    assert posted.status_code == 400
    assert 'id="confirm-problems"' in posted.content.decode()
    contract.refresh_from_db()
    assert contract.status == Contract.Status.APPROVED


def test_signing_fills_only_blanks_and_never_changes_an_approved_value(drafter):
    contract = approved_installation(drafter)

    services.contract_sign(
        contract=contract,
        by=drafter,
        clause_fields={"project_site": "别处", "supply_starts_on": None},
    )

    contract.refresh_from_db()
    assert contract.project_site == INSTALLATION_CLAUSE_FIELDS["project_site"]


def test_the_approved_unsigned_pdf_has_no_draft_mark_and_the_awaiting_footer(drafter):
    """Approved and not yet signed: a clean copy for signature, 待签订 on every page."""
    contract = approved_installation(drafter)

    pages = pages_without_whitespace(contract_pdf(contract=contract, printed_by=drafter))

    assert not any(NO_SPACE_DRAFT_MARK in page for page in pages)
    assert all(AWAITING_SIGNATURE_MARK in page for page in pages)
    assert "—" not in _clauses_section("".join(pages))


def test_the_draft_pdf_keeps_the_watermark_and_is_not_marked_for_signature(drafter):
    contract = services.contract_create(
        by=drafter,
        contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=drafter),
        title="户内安装",
        **INSTALLATION_CLAUSE_FIELDS,
    )

    pages = pages_without_whitespace(contract_pdf(contract=contract, printed_by=drafter))

    assert all(NO_SPACE_DRAFT_MARK in page for page in pages)
    assert not any(AWAITING_SIGNATURE_MARK in page for page in pages)


def test_the_signed_pdf_carries_neither_mark_and_keeps_the_party_of_signing_day(drafter):
    """A signed copy is the frozen text: a later change of the company profile is not printed
    on it."""
    contract = services.contract_sign(contract=approved_installation(drafter), by=drafter)
    profile = CompanyProfile.objects.get(pk=1)
    profile.name = "改名后的燃气公司"
    profile.save()

    text = text_without_whitespace(contract_pdf(contract=contract, printed_by=drafter))

    assert NO_SPACE_DRAFT_MARK not in text and AWAITING_SIGNATURE_MARK not in text
    assert _nospace(COMPANY["name"]) in text and "改名后的燃气公司" not in text
