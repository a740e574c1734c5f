import datetime
from decimal import Decimal

import pytest

from contracts import services
from contracts.models import ContractType, PriceStandard
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract():
    staff = UserFactory(username="drafter", roles=["staff"])
    standard = PriceStandard.objects.create(
        item="户内安装", unit="户", unit_price=Decimal("2800"),
        effective_from=datetime.date(2025, 1, 1), document_number="价〔2025〕1号",
        approved_by=UserFactory(roles=["finance"]))
    return services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff, name="合同客户"), title="户内安装",
        price_lines=[(standard, Decimal("1"))])


@pytest.mark.parametrize(("who", "status"), [
    ("drafter", 200), ("gm", 200), ("archivist", 200), ("sales_director", 200),
    ("other_staff", 404), ("finance", 404), ("sysadmin", 404), ("superuser", 404),
])
def test_a_contract_is_seen_by_its_drafter_the_gm_the_archivist_and_customer_readers(
        client, contract, who, status):
    """Point 9: drafter, GM, archivist and whoever may see the customer; nobody else."""
    from accounts.models import User

    users = {"drafter": User.objects.get(username="drafter"),
             "other_staff": UserFactory(roles=["staff"]),
             "superuser": UserFactory(is_superuser=True, is_staff=True)}
    user = users.get(who) or UserFactory(roles=[who])
    client.force_login(user)

    response = client.get(contract.get_absolute_url())

    assert response.status_code == status
    if status == 200:
        assert "贰仟捌佰元整" in response.content.decode()


def test_the_drafter_submits_an_ordinary_residential_installation_and_signs_it(client,
                                                                                contract):
    """No route: approved at once, then the signing freezes the clauses."""
    from accounts.models import User

    client.force_login(User.objects.get(username="drafter"))

    client.post(f"/contracts/{contract.pk}/do/submit/")
    client.post(f"/contracts/{contract.pk}/do/sign/")

    contract.refresh_from_db()
    assert contract.status == "signed" and contract.signed_text
