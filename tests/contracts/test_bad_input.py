"""Bad input to the contract pages gets an error naming the field, a 404 for an id that names
nothing, never a 500 (issue 8, point 10)."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from contracts import forms, services
from contracts.models import ContractType
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db



def _messages(response):
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.mark.parametrize("value", ["abc", "1.5", "{}", "-1"])
def test_the_route_preview_with_a_non_numeric_contract_type_shows_the_hint(client, staff_user,
                                                                           value):
    """A contract_type that is not an id is no type: the hint, not a ValueError."""
    client.force_login(staff_user)

    response = client.get("/contracts/new/route/", {"contract_type": value,
                                                    "customer_number": "KH1"})

    assert response.status_code == 200


@pytest.mark.parametrize("value", ["abc", "", "999999"])
def test_signing_an_amendment_that_is_not_one_of_the_contract_is_a_404(client, signed, value):
    """A non-numeric or unknown amendment id names nothing: 404."""
    client.force_login(signed.created_by)

    response = client.post(reverse("contracts:sign_amendment", args=[signed.pk]),
                           {"amendment": value})

    assert response.status_code == 404


def test_a_termination_reason_longer_than_the_history_column_is_a_field_error(client, signed):
    """A 10,000-character reason is refused naming the reason; the contract stays signed."""
    with pytest.raises(ValidationError) as caught:
        services.contract_finish(contract=signed, by=signed.created_by, terminated=True,
                                 reason="x" * 10_000)

    assert "reason" in caught.value.message_dict
    signed.refresh_from_db()
    assert signed.status == "signed"


def test_a_void_reason_longer_than_the_history_column_is_a_field_error():
    """Voiding a draft with a 10,000-character reason is refused naming the reason."""
    staff = UserFactory(roles=["staff"])
    draft = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff), title="户内安装")

    with pytest.raises(ValidationError) as caught:
        services.contract_void(contract=draft, by=staff, reason="x" * 10_000)

    assert "reason" in caught.value.message_dict


def test_a_payment_against_an_unknown_installment_names_the_installment(client, signed,
                                                                       finance_user):
    """Installment number 99 does not exist: a message naming the installment, no 500."""
    client.force_login(finance_user)
    signed.customer.sales_rep = finance_user  # finance reads the contract through its customer

    response = client.post(f"/contracts/{signed.pk}/pay/", {"installment": "99",
                                                           "amount": "10"})

    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert "分期" in _messages(response) or "nstallment" in _messages(response)


def test_an_unknown_installment_is_a_validation_error_naming_it(signed, finance_user):
    """The payment service refuses an installment number the contract does not have."""
    with pytest.raises(ValidationError) as caught:
        services.installment_pay(contract=signed, sequence=99, amount=Decimal("10"),
                                 by=finance_user)

    assert "installment" in caught.value.message_dict


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e309", "sNaN"])
def test_the_monthly_plan_refuses_nan_and_infinity_naming_the_field(value):
    """NaN and infinities are not quantities: an error on monthly_plan, not a ValueError."""
    form = forms.MarketDataForm({"monthly_plan": ", ".join([value] * 12),
                                 "annual_quantity": "1200"})

    assert not form.is_valid()
    assert "monthly_plan" in form.errors


def test_issuing_a_budget_with_a_non_numeric_id_is_a_404(client, budget_user):
    """`issue=abc` names no budget: 404, not a ValueError."""
    client.force_login(budget_user)

    response = client.post("/contracts/budgets/", {"issue": "abc"})

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["type", "status", "customer", "from", "min"])
def test_a_list_filter_with_a_nul_byte_is_refused_naming_the_filter(client, staff_user, name):
    """A NUL byte in a list filter (PostgreSQL refuses it in a query) is a message naming the
    filter; the list is shown unfiltered."""
    client.force_login(staff_user)

    response = client.get("/contracts/", {"tab": "all", name: "a\x00b"})

    assert response.status_code == 200
    assert f"“{name}”" in _messages(response)


def test_an_attachment_next_that_is_not_a_path_goes_back_to_the_contract(client, signed):
    """`next=foo` after an upload is ignored (redirect() took it for a URL name): the page."""
    client.force_login(signed.created_by)

    response = client.post(f"/contracts/{signed.pk}/files/", {"next": "foo"})

    assert response.status_code == 302
    assert response["Location"] == signed.get_absolute_url()
