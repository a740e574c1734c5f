"""Issue 13, point 5: the drafting form asks for what the clauses print, its formsets refuse
bad rows on the field (never a 500), and the contract page shows the take-or-pay terms beside
the approval box and the signed clauses in the document font."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts import services
from contracts.models import Contract, ContractType, PriceStandard
from tests.accounts.factories import UserFactory
from tests.contracts.conftest import approved_installation
from tests.customers.factories import make_customer, make_notice

pytestmark = pytest.mark.django_db

CREATE = reverse("contracts:create")


@pytest.fixture
def drafter():
    return UserFactory(username="drafter", roles=["staff"])


@pytest.fixture
def standard():
    return PriceStandard.objects.create(
        item="户内安装",
        unit="户",
        unit_price=Decimal("2800"),
        effective_from=datetime.date(2025, 1, 1),
        document_number="价〔2025〕1号",
        approved_by=UserFactory(roles=["finance"]),
    )


def _data(customer, code="installation", **extra):
    data = {
        "contract_type": ContractType.objects.get(code=code).pk,
        "customer_number": customer.number,
        "title": "户内安装",
        "contract_date": "2026-11-27",
        "payment_method": "one",
        "project_name": "户内燃气管道安装工程",
        "project_site": "昆明市五华区翠湖南路 8 号",
        "works_from": "2026-12-01",
        "works_to": "2026-12-20",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
        "installments-TOTAL_FORMS": "0",
        "installments-INITIAL_FORMS": "0",
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def _errors(response, name="form") -> dict:
    return response.context[name].errors


def test_the_drafting_form_saves_what_the_clauses_print(client, drafter, standard):
    client.force_login(drafter)
    customer = make_customer(by=drafter)

    response = client.post(
        CREATE,
        _data(
            customer,
            **{"lines-TOTAL_FORMS": "1", "lines-0-standard": standard.pk, "lines-0-quantity": "1"},
        ),
    )

    assert response.status_code == 302
    contract = Contract.objects.get(customer=customer)
    assert contract.project_site == "昆明市五华区翠湖南路 8 号"
    assert (contract.works_from, contract.works_to) == (
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 20),
    )


@pytest.mark.parametrize("blank", ["project_name", "project_site", "works_from", "works_to"])
def test_an_installation_needs_each_value_its_clauses_print(client, drafter, blank):
    client.force_login(drafter)

    response = client.post(CREATE, _data(make_customer(by=drafter), **{blank: ""}))

    assert response.status_code == 400
    assert blank in _errors(response)
    assert not Contract.objects.exists()


def test_a_supply_contract_needs_its_delivery_point_supply_start_term_and_notice(client, drafter):
    client.force_login(drafter)

    response = client.post(CREATE, _data(make_customer(by=drafter), code="residential_supply"))

    assert response.status_code == 400
    assert {"delivery_point", "supply_starts_on", "starts_on", "ends_on", "notice_number"} <= set(
        _errors(response)
    )


def test_a_supply_contract_with_its_values_is_drafted(client, drafter):
    client.force_login(drafter)
    notice = make_notice()

    response = client.post(
        CREATE,
        _data(
            make_customer(by=drafter),
            code="residential_supply",
            notice_number=notice.number,
            delivery_point="户内表前阀",
            supply_starts_on="2027-01-01",
            starts_on="2027-01-01",
            ends_on="2031-12-31",
        ),
    )

    assert response.status_code == 302
    assert Contract.objects.get().delivery_point == "户内表前阀"


def test_a_construction_period_ending_before_it_starts_is_refused_on_its_field(client, drafter):
    client.force_login(drafter)

    response = client.post(CREATE, _data(make_customer(by=drafter), works_to="2026-11-01"))

    assert response.status_code == 400
    assert "works_to" in _errors(response)


@pytest.mark.parametrize(
    ("rows", "formset", "field"),
    [
        (
            {
                "installments-TOTAL_FORMS": "1",
                "installments-0-due_on": "2027-01-01",
                "installments-0-milestone": "开工前",
            },
            "installments",
            "amount",
        ),
        (
            {"installments-TOTAL_FORMS": "1", "installments-0-amount": "abc"},
            "installments",
            "amount",
        ),
        (
            {"installments-TOTAL_FORMS": "1", "installments-0-amount": "NaN"},
            "installments",
            "amount",
        ),
        (
            {
                "installments-TOTAL_FORMS": "1",
                "installments-0-due_on": "2027-02-30",
                "installments-0-amount": "100",
            },
            "installments",
            "due_on",
        ),
        (
            {
                "steps-TOTAL_FORMS": "1",
                "steps-0-description": "管道预埋",
                "steps-0-planned_start": "2027-01-10",
                "steps-0-planned_end": "2027-01-01",
            },
            "steps",
            "planned_end",
        ),
        ({"steps-TOTAL_FORMS": "1", "steps-0-planned_start": "2027-01-10"}, "steps", "description"),
        ({"lines-TOTAL_FORMS": "1", "lines-0-quantity": "2"}, "lines", "standard"),
        (
            {"lines-TOTAL_FORMS": "1", "lines-0-standard": "999999", "lines-0-quantity": "2"},
            "lines",
            "standard",
        ),
        ({"lines-TOTAL_FORMS": "1", "lines-0-quantity": "-1"}, "lines", "quantity"),
    ],
)
def test_a_bad_row_is_a_form_error_naming_its_field(client, drafter, rows, formset, field):
    """Never a 500, never a silently dropped row: the row's field carries the error."""
    client.force_login(drafter)

    response = client.post(CREATE, _data(make_customer(by=drafter), **rows))

    assert response.status_code == 400
    assert field in response.context[formset].errors[0]
    assert not Contract.objects.exists()


def test_a_broken_management_form_is_a_form_error_not_a_500(client, drafter):
    client.force_login(drafter)
    data = _data(make_customer(by=drafter))
    del data["steps-TOTAL_FORMS"]

    response = client.post(CREATE, data)

    assert response.status_code == 400
    assert response.context["steps"].non_form_errors()


def test_the_drafting_page_offers_add_row_and_the_running_total_from_a_static_script(
    client, drafter
):
    """No inline script (CSP): the page loads static/contracts/drafting.js."""
    client.force_login(drafter)

    html = client.get(CREATE).content.decode()

    assert "contracts/drafting.js" in html
    assert html.count("data-formset-add") == 3 and 'id="running-total"' in html
    assert "<script>" not in html.replace(" ", "")


def test_the_edit_form_asks_for_the_clause_fields_too(client, drafter):
    contract = services.contract_create(
        by=drafter,
        contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=drafter),
        title="户内安装",
    )
    client.force_login(drafter)

    response = client.post(
        reverse("contracts:edit", args=[contract.pk]),
        {"title": "户内安装", "contract_date": "2026-11-27", "project_name": "户内工程"},
    )

    assert response.status_code == 400
    assert {"project_site", "works_from", "works_to"} <= set(_errors(response))


def test_the_take_or_pay_terms_are_shown_beside_the_approval_box(client):
    vp = UserFactory(roles=["ops_vp"])
    contract = services.contract_create(
        by=vp,
        contract_type=ContractType.objects.get(code="take_or_pay"),
        customer=make_customer(by=UserFactory(roles=["staff"]), category="industrial"),
        title="工业用气照付不议",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    services.contract_record_finance_data(
        contract=contract,
        by=UserFactory(roles=["finance"]),
        gas_price=Decimal("2.85"),
        take_or_pay_percent=Decimal("80"),
        settlement_period="每月",
        price_adjustment="随上游门站价联动",
    )
    client.force_login(vp)

    html = client.get(contract.get_absolute_url()).content.decode()

    assert 'id="take-or-pay-terms"' in html
    terms = html[html.index('id="take-or-pay-terms"') :]
    assert "2.85" in terms and "80%" in terms and "随上游门站价联动" in terms


def test_the_signed_clauses_are_shown_in_the_document_font_not_monospace(client):
    drafter = UserFactory(roles=["staff"])
    contract = services.contract_sign(contract=approved_installation(drafter), by=drafter)
    client.force_login(drafter)

    html = client.get(contract.get_absolute_url()).content.decode()

    clauses = html[html.index('id="signed-clauses"') - 200 : html.index('id="signed-clauses"')]
    assert "<pre" not in clauses and "clause-text" in clauses
