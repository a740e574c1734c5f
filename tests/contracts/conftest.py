import datetime
from decimal import Decimal

import pytest

from contracts import services
from contracts.models import CompanyProfile, ContractType, PriceStandard
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_customer


@pytest.fixture(autouse=True)
def _company_profile(db):
    """Every party field of the company profile filled, as a company in production has it
    (the migration seeds the name only; test_complete_* empty fields on purpose)."""
    complete_company_profile()


@pytest.fixture(autouse=True)
def archive_confirmer(db):
    """The archive confirmation route needs a sales director to exist."""
    return UserFactory(username="sales_director_user", roles=["sales_director"])


COMPANY = {"name": "昆明市燃气有限公司", "address": "昆明市盘龙区北京路 1 号",
           "legal_representative": "李明", "bank": "中国工商银行昆明分行",
           "bank_account": "2502012345678901234", "tax_number": "91530100MA6K000000"}
# What an installation's clauses print (issue 13, point 5): a signed text never prints "—".
INSTALLATION_CLAUSE_FIELDS = {"project_name": "户内燃气管道安装工程",
                              "project_site": "昆明市五华区翠湖南路 8 号",
                              "works_from": datetime.date(2026, 3, 1),
                              "works_to": datetime.date(2026, 3, 31)}


def complete_company_profile() -> CompanyProfile:
    """The company profile with every party field filled (the seeded one has a name only)."""
    profile, _ = CompanyProfile.objects.update_or_create(pk=1, defaults=COMPANY)
    return profile


def approved_installation(staff):
    """A residential installation contract drafted and submitted by `staff`: approved at once
    (no approval needed, 第四条), ready to be signed."""
    standard = PriceStandard.objects.create(
        item="户内安装", unit="户", unit_price=Decimal("2800"),
        effective_from=datetime.date(2025, 1, 1), document_number="价〔2025〕1号",
        approved_by=UserFactory(roles=["finance"]))
    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff), title="户内安装", price_lines=[(standard, Decimal("1"))],
        **INSTALLATION_CLAUSE_FIELDS)
    complete_company_profile()
    services.contract_submit(contract=contract, by=staff)
    contract.refresh_from_db()
    return contract


@pytest.fixture
def signed():
    """A signed residential installation contract, drafted and signed by its staff member
    (no approval needed), for tests of what follows signing."""
    staff = UserFactory(username="drafter", roles=["staff"])
    return services.contract_sign(contract=approved_installation(staff), by=staff)
