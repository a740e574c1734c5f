import datetime
from decimal import Decimal

import pytest

from contracts import services
from contracts.models import ContractType, PriceStandard
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer


@pytest.fixture(autouse=True)
def archive_confirmer(db):
    """The archive confirmation route needs a sales director to exist."""
    return UserFactory(username="sales_director_user", roles=["sales_director"])


def approved_installation(staff):
    """A residential installation contract drafted and submitted by `staff`: approved at once
    (no approval needed, 第四条), ready to be signed."""
    standard = PriceStandard.objects.create(
        item="户内安装", unit="户", unit_price=Decimal("2800"),
        effective_from=datetime.date(2025, 1, 1), document_number="价〔2025〕1号",
        approved_by=UserFactory(roles=["finance"]))
    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff), title="户内安装", price_lines=[(standard, Decimal("1"))])
    services.contract_submit(contract=contract, by=staff)
    contract.refresh_from_db()
    return contract


@pytest.fixture
def signed():
    """A signed residential installation contract, drafted and signed by its staff member
    (no approval needed), for tests of what follows signing."""
    staff = UserFactory(username="drafter", roles=["staff"])
    return services.contract_sign(contract=approved_installation(staff), by=staff)
