"""第十一条 in the contracts app (issue 8, point 3): a contract's page and PDF show the
customer's identifiers in full only to readers of the customer, masked to everyone else, and
every display of the customer's data writes the customer's read log; the vice president drafts
take-or-pay contracts only for eligible customers (第九条)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from contracts import services
from contracts.models import Contract, ContractType, PriceStandard
from contracts.pdf import contract_printed_digest, verification_code
from contracts.selectors import draftable_customers
from core.models import AccessLog
from core.text import mask_id_number
from customers.models import Customer
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db

INELIGIBLE = ["residential", "public_welfare", "collective"]
ELIGIBLE = ["upstream", "industrial", "commercial"]


def _text(pdf: bytes) -> str:
    return "".join("".join(page.extract_text().split())
                   for page in PdfReader(io.BytesIO(pdf)).pages)


def _customer_logs(customer, **filters):
    return AccessLog.objects.filter(content_type=ContentType.objects.get_for_model(Customer),
                                    object_id=str(customer.pk), **filters)


def _take_or_pay_form(customer, **extra):
    return {"contract_type": ContractType.objects.get(code="take_or_pay").pk,
            "customer_number": customer.number, "title": "照付不议购气",
            "contract_date": "2026-11-27", "payment_method": "one",
            "starts_on": "2027-01-01", "ends_on": "2027-12-31",  # the clauses print the term
            "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0",
            "installments-TOTAL_FORMS": "0", "installments-INITIAL_FORMS": "0",
            "steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0"} | extra


@pytest.fixture
def rep():
    return UserFactory(roles=["staff"])


@pytest.fixture
def contract(rep):
    """An installation contract drafted by the customer's responsible staff member."""
    standard = PriceStandard.objects.create(
        item="户内安装", unit="户", unit_price=Decimal("2800"),
        effective_from=datetime.date(2025, 1, 1), document_number="价〔2025〕1号",
        approved_by=UserFactory(roles=["finance"]))
    return services.contract_create(
        by=rep, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=rep, name="合同客户"), title="户内安装",
        price_lines=[(standard, Decimal("1"))])


# --- Drafting take-or-pay ---------------------------------------------------------------------


@pytest.mark.parametrize("category", INELIGIBLE)
def test_the_vice_president_cannot_draft_take_or_pay_for_an_ineligible_customer(
        client, category):
    """第九条: the number of a residential, public-welfare or collective customer is refused
    as if it did not exist, and nothing is drafted or logged."""
    customer = make_customer(category=category)
    client.force_login(UserFactory(roles=["ops_vp"]))

    response = client.post(reverse("contracts:create"), _take_or_pay_form(customer))

    assert response.status_code == 400
    assert "customer_number" in response.context["form"].errors
    assert not Contract.objects.exists()
    assert not _customer_logs(customer).exists()


@pytest.mark.parametrize("category", INELIGIBLE)
def test_the_service_refuses_take_or_pay_for_an_ineligible_customer(category):
    """The same rule holds below the form."""
    vp = UserFactory(roles=["ops_vp"])

    with pytest.raises(ValidationError):
        services.contract_create(
            by=vp, contract_type=ContractType.objects.get(code="take_or_pay"),
            customer=make_customer(category=category), title="照付不议")


def test_the_take_or_pay_drafting_list_holds_only_eligible_customers():
    """Upstream suppliers, industrial and commercial users (their volumes are checked at
    submission, once the market department has given them)."""
    customers = {category: make_customer(category=category)
                 for category in INELIGIBLE + ELIGIBLE}
    vp = UserFactory(roles=["ops_vp"])

    offered = set(draftable_customers(
        user=vp, contract_type=ContractType.objects.get(code="take_or_pay")))

    assert offered == {customers[category] for category in ELIGIBLE}


def test_the_vice_president_drafts_no_other_type_for_a_customer_he_does_not_read(client):
    """Outside 第九条 he drafts like any staff member: for customers he may read only."""
    customer = make_customer(category="industrial")
    client.force_login(UserFactory(roles=["ops_vp"]))

    response = client.post(reverse("contracts:create"), _take_or_pay_form(
        customer, contract_type=ContractType.objects.get(code="commercial_supply").pk))

    assert response.status_code == 400
    assert "customer_number" in response.context["form"].errors
    assert not Contract.objects.exists()


def test_choosing_an_eligible_customer_writes_the_customers_read_log(client):
    """Drafting a take-or-pay contract for an upstream supplier is logged against it."""
    customer = make_customer(category="upstream")
    vp = UserFactory(roles=["ops_vp"])
    client.force_login(vp)

    response = client.post(reverse("contracts:create"), _take_or_pay_form(customer))

    assert response.status_code == 302
    log = _customer_logs(customer).get()
    assert log.user == vp and log.action == AccessLog.Action.VIEW
    assert log.grant == "take_or_pay_drafting"  # shown as "take-or-pay drafting (第九条)"


# --- Printing -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["finance", "archivist"])
def test_finance_and_the_archivist_print_a_masked_id_and_the_customers_log(
        client, contract, role):
    """Not readers of the customer: the ID number is masked; the print is logged against the
    customer as well as the contract."""
    user = UserFactory(roles=[role])
    client.force_login(user)
    id_number = contract.customer.id_number

    response = client.get(reverse("contracts:print", args=[contract.pk]))

    text = _text(response.content)
    assert response.status_code == 200
    assert id_number not in text
    assert mask_id_number(id_number) in text
    log = _customer_logs(contract.customer).get()
    assert log.user == user and log.action == AccessLog.Action.PRINT and log.grant
    assert AccessLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Contract), object_id=str(contract.pk),
        action=AccessLog.Action.PRINT).count() == 1


@pytest.mark.parametrize("role", ["finance", "archivist"])
def test_a_masked_print_carries_no_digest_of_the_full_id(client, contract, role):
    """The SHA-256 of the printed content covers the full ID number: beside a masked one it
    would let the hidden digits be found by trying them, so a masked print leaves it out
    (the verification code, keyed by the server, stays)."""
    client.force_login(UserFactory(roles=[role]))

    response = client.get(reverse("contracts:print", args=[contract.pk]))

    text = _text(response.content)
    assert contract_printed_digest(contract=contract) not in text
    assert verification_code(contract=contract) in text


def test_the_customers_responsible_staff_prints_the_full_id(client, contract, rep):
    """A reader of the customer prints the ID in full; the customer's log says so."""
    client.force_login(rep)

    response = client.get(reverse("contracts:print", args=[contract.pk]))

    assert contract.customer.id_number in _text(response.content)
    assert _customer_logs(contract.customer, user=rep, action=AccessLog.Action.PRINT).exists()


def test_the_vice_president_prints_his_take_or_pay_draft_with_a_masked_id(client, rep):
    """The drafter of a take-or-pay contract who does not read the customer sees it masked."""
    vp = UserFactory(roles=["ops_vp"])
    customer = make_customer(by=rep, category="upstream")
    contract = services.contract_create(
        by=vp, contract_type=ContractType.objects.get(code="take_or_pay"), customer=customer,
        title="照付不议购气")
    client.force_login(vp)

    response = client.get(reverse("contracts:print", args=[contract.pk]))

    text = _text(response.content)
    assert customer.id_number not in text
    assert mask_id_number(customer.id_number) in text
    assert _customer_logs(customer, user=vp, action=AccessLog.Action.PRINT).exists()


# --- The contract page ----------------------------------------------------------------------------


def test_the_contract_page_shows_finance_a_masked_id_and_writes_the_customers_log(
        client, contract):
    """Finance reads the contract, not the customer: masked ID, and a customer log row."""
    finance = UserFactory(roles=["finance"])
    client.force_login(finance)
    id_number = contract.customer.id_number

    response = client.get(contract.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert id_number not in page
    assert mask_id_number(id_number) in page
    log = _customer_logs(contract.customer).get()
    assert log.user == finance and log.action == AccessLog.Action.VIEW and log.grant


def test_the_contract_page_shows_the_responsible_staff_the_full_id(client, contract, rep):
    """A reader of the customer sees the full ID; the read is logged against the customer."""
    client.force_login(rep)

    response = client.get(contract.get_absolute_url())

    assert contract.customer.id_number in response.content.decode()
    assert _customer_logs(contract.customer, user=rep, action=AccessLog.Action.VIEW).exists()


def test_preparing_a_budget_for_a_customer_writes_the_customers_read_log(client):
    """第六条: the budget department names the customer of a non-standard job; its budget
    list shows that customer, so choosing it is logged against the customer."""
    budget_user = UserFactory(roles=["budget"])
    customer = make_customer(category="industrial")
    client.force_login(budget_user)

    client.post(reverse("contracts:budgets"), {
        "customer_number": customer.number, "description": "厂区管网改造",
        "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0",
        "lines-0-description": "调压箱", "lines-0-quantity": "1", "lines-0-unit": "台",
        "lines-0-unit_price": "12800"})

    log = _customer_logs(customer).get()
    assert log.user == budget_user and log.action == AccessLog.Action.VIEW and log.grant
