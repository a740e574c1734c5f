"""The admin reads customer data under the pages' rule (issue 8, point 6; 第十一条, 第十二条):
the admin of every model holding customer data, its history list and its historical-record
view open only what customer_list / customer_access open — superusers and the sysadmin get
no exception — mask identifiers for readers without full rights, and write the customer's
read log; the access-log admin lists only entries of records the user may read the log of."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from contracts import services as contract_services
from contracts.models import ContractType, PriceStandard
from core.models import AccessLog
from customers import services
from customers.models import Customer
from tests.accounts.factories import UserFactory
from tests.customers.factories import credit_code, make_account, make_customer

SECRET_CONTRACT_CUSTOMER = "保密合同客户丁"

pytestmark = pytest.mark.django_db

SECRET_NAME = "保密客户乙"
ID_NUMBER = credit_code(920001)
MOBILE = "13912345678"
# What an attacker gives himself (point 1 removes the means; here the rule must hold anyway).
ADMIN_PERMISSIONS = ["view_customer", "view_historicalcustomer", "view_gasaccount",
                     "view_accessgrant", "view_accesslog", "view_contract"]


def _admin_user(user):
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename__in=ADMIN_PERMISSIONS))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def owner():
    return UserFactory(username="owner", roles=["staff"])


@pytest.fixture
def archive(client, owner, archive_confirmer):
    """A customer read once on its page (so the access log has an entry naming it), changed
    once (so its history has two versions), with an account."""
    customer = make_customer(by=owner, category="commercial", name=SECRET_NAME, id_type="uscc",
                             id_number=ID_NUMBER, tax_number=ID_NUMBER, invoice_title=SECRET_NAME,
                             contacts=[{"name": "赵会计", "mobile": MOBILE}])
    approval_decide(step=pending_request_for(customer).steps.get(), by=archive_confirmer,
                    approve=True)
    customer.refresh_from_db()
    services.customer_update(customer=customer, by=owner, industry="餐饮")
    account = make_account(customer=customer)
    client.force_login(owner)
    client.get(customer.get_absolute_url())
    client.logout()
    return Customer.objects.get(pk=customer.pk), account


@pytest.fixture
def superuser_():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def attacker(request, superuser_):
    """The superuser, or the sysadmin who gave himself every admin permission on customers."""
    if request.param == "superuser":
        return superuser_
    return _admin_user(UserFactory(username="netadmin", roles=["sysadmin"]))


def _admin_pages(customer, account) -> dict[str, str]:
    version = customer.history.earliest()
    account_version = account.history.earliest()
    return {
        "customer list": "/admin/customers/customer/",
        "customer change": f"/admin/customers/customer/{customer.pk}/change/",
        "customer history": f"/admin/customers/customer/{customer.pk}/history/",
        "customer version": f"/admin/customers/customer/{customer.pk}/history/"
                            f"{version.history_id}/",
        "account history": f"/admin/customers/gasaccount/{account.pk}/history/",
        "account version": f"/admin/customers/gasaccount/{account.pk}/history/"
                           f"{account_version.history_id}/",
        "access log": "/admin/core/accesslog/",
    }


def _customer_log(customer, user):
    return AccessLog.objects.filter(content_type=ContentType.objects.get_for_model(Customer),
                                    object_id=str(customer.pk), user=user)


@pytest.mark.parametrize("attacker", ["superuser", "sysadmin"], indirect=True)
def test_admin_pages_show_nothing_of_a_customer_one_may_not_read(client, archive, attacker):
    """History list, historical record, change page, account versions and the access log:
    403/404 (or a redirect away) or a page without the customer's name, number or ID."""
    customer, account = archive
    client.force_login(attacker)

    for name, url in _admin_pages(customer, account).items():
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code in (200, 302, 403, 404), name
        for secret in (SECRET_NAME, customer.number, ID_NUMBER):
            assert secret not in body, f"{secret} on {name} ({response.status_code})"
    assert not _customer_log(customer, attacker).exists()


def test_a_historical_account_version_lists_no_other_customer(client, archive, gm):
    """The historical-record view of an account one may read shows its own customer, not a
    choice list naming every customer of the archive."""
    customer, account = archive
    other = make_customer(name="无关客户丙")
    reader = _admin_user(gm)
    client.force_login(reader)

    url = _admin_pages(customer, account)["account version"]
    body = client.get(url).content.decode()

    assert SECRET_NAME in body
    assert other.name not in body


def test_the_gm_reads_the_customers_admin_history_and_it_is_logged(client, archive, gm):
    """Full rights: history list and historical record open, with the ID number in full, and
    each read writes the customer's access log."""
    customer, account = archive
    reader = _admin_user(gm)
    client.force_login(reader)
    pages = _admin_pages(customer, account)

    history = client.get(pages["customer history"])
    version = client.get(pages["customer version"])

    assert history.status_code == version.status_code == 200
    assert SECRET_NAME in history.content.decode()
    assert ID_NUMBER in version.content.decode()
    assert _customer_log(customer, reader).count() == 2


def test_the_gm_sees_the_access_log_in_the_admin(client, archive, gm, owner):
    """The access-log admin lists the owner's read of the customer to the GM."""
    customer, _ = archive
    client.force_login(_admin_user(gm))

    body = client.get("/admin/core/accesslog/").content.decode()

    assert SECRET_NAME in body and str(owner) in body


def test_a_grant_reader_sees_masked_identifiers_in_the_admin(client, archive, gm):
    """A reader under an access grant opens the admin pages of the customer with every
    identifier masked, the old versions included; the reads are logged with the grant."""
    customer, account = archive
    reader = UserFactory(roles=["office"])
    request = services.access_request_create(requester=reader, customers=[customer],
                                             purpose="核对", scope="view", days=3)
    approval_decide(step=pending_request_for(request).steps.get(), by=gm, approve=True)
    reader = _admin_user(reader)
    client.force_login(reader)
    pages = _admin_pages(customer, account)

    bodies = {name: client.get(pages[name]) for name in
              ("customer change", "customer history", "customer version")}

    for name, response in bodies.items():
        assert response.status_code == 200, name
        assert ID_NUMBER not in response.content.decode(), name
    assert SECRET_NAME in bodies["customer history"].content.decode()
    assert _customer_log(customer, reader).filter(grant__contains="#").count() == 3


def test_the_access_log_admin_hides_entries_of_customers_one_may_not_read(client, archive,
                                                                        owner):
    """A staff member with admin access sees the log of his own customers, not of others'."""
    customer, _ = archive
    other_staff = _admin_user(UserFactory(roles=["staff"]))
    own = make_customer(by=other_staff, name="自己的客户")
    client.force_login(other_staff)
    client.get(own.get_absolute_url())

    body = client.get("/admin/core/accesslog/").content.decode()

    assert SECRET_NAME not in body
    assert own.name in body


def test_an_old_version_cannot_be_restored_through_the_admin(client, archive, gm):
    """The historical-record view only shows: a POST (simple-history's revert) is refused and
    the customer keeps its current values."""
    customer, account = archive
    client.force_login(_admin_user(gm))

    response = client.post(_admin_pages(customer, account)["customer version"], {})

    assert response.status_code == 403
    assert Customer.objects.get(pk=customer.pk).industry == "餐饮"


@pytest.fixture
def contract():
    """A drafted contract of a customer, changed once (two versions in its history)."""
    staff = UserFactory(roles=["staff"])
    standard = PriceStandard.objects.create(
        item="户内安装", unit="户", unit_price=Decimal("2800"),
        effective_from=datetime.date(2025, 1, 1), document_number="价〔2025〕1号",
        approved_by=UserFactory(roles=["finance"]))
    contract = contract_services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff, name=SECRET_CONTRACT_CUSTOMER), title="户内安装",
        price_lines=[(standard, Decimal("1"))])
    contract.title = "户内安装（改）"
    contract._change_reason = "changed"
    contract.save()
    return contract


@pytest.mark.parametrize("attacker", ["superuser", "sysadmin"], indirect=True)
def test_the_contract_admin_shows_nothing_of_a_contract_one_may_not_read(client, contract,
                                                                        attacker):
    """A contract names its customer: its admin history and old versions follow the contract
    pages' rule (contract_list), and no old version can be restored."""
    client.force_login(attacker)
    base = f"/admin/contracts/contract/{contract.pk}/history/"
    version = f"{base}{contract.history.earliest().history_id}/"

    for url in (base, version):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert SECRET_CONTRACT_CUSTOMER not in response.content.decode(), url
    assert client.post(version, {}).status_code in (403, 404)
    contract.refresh_from_db()
    assert contract.title == "户内安装（改）"
