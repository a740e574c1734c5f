"""Confidentiality of the customer archive (第十一条, 篇二 5.1.3): who sees which customer."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from core.models import AccessLog
from customers import services
from customers.models import AccessGrant, Customer, CustomerUserObjectPermission
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_account, make_customer

pytestmark = pytest.mark.django_db

ROLES = ["staff", "market_manager", "ops_vp", "gm", "planning", "budget", "finance", "archivist",
         "sales_director", "office", "production", "sysadmin"]
SEES_ALL = {"gm", "sales_director"}


@pytest.fixture
def owner():
    return UserFactory(username="owner", roles=["staff"])


@pytest.fixture
def archive(owner):
    """A customer with an account, registered by `owner` (responsible staff and custodian)."""
    customer = make_customer(by=owner, name="保密客户甲", contacts=[
        {"name": "王女士", "mobile": "13912345678"}])
    account = make_account(customer=customer)
    return customer, account


def _logs(customer, action):
    return AccessLog.objects.filter(content_type=ContentType.objects.get_for_model(Customer),
                                    object_id=str(customer.pk), action=action)


@pytest.mark.parametrize("role", [*ROLES, "superuser", "owner"])
def test_every_role_opens_only_what_it_may_see(client, archive, owner, role):
    """Detail, account, PDF, export and list: 200 with the record for the responsible staff,
    GM and sales director; 404 and no trace of the record for everyone else — superusers and
    sysadmin included."""
    customer, account = archive
    if role == "owner":
        user = owner
    elif role == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        user = UserFactory(roles=[role], is_staff=role == "sysadmin")
    allowed = role == "owner" or role in SEES_ALL
    client.force_login(user)

    detail = client.get(customer.get_absolute_url())
    account_page = client.get(account.get_absolute_url())
    sheet = client.get(reverse("customers:account_sheet", args=[account.pk]))
    export = client.get(reverse("customers:list"), {"export": "csv"})
    listing = client.get(reverse("customers:list"))

    expected = 200 if allowed else 404
    assert (detail.status_code, account_page.status_code, sheet.status_code) == (
        expected, expected, expected)
    assert (customer.number in export.content.decode("utf-8-sig")) is allowed
    assert (customer.number in listing.content.decode()) is allowed
    assert _logs(customer, "view").count() == (2 if allowed else 0)
    assert _logs(customer, "print").count() == (1 if allowed else 0)
    assert _logs(customer, "export").count() == (1 if allowed else 0)
    if allowed:
        assert sheet["Content-Type"] == "application/pdf"


def test_search_by_exact_number_shows_only_the_number_of_a_hidden_customer(client, archive):
    """Another staff member typing the full customer or account number learns that the
    customer exists, with its number, nothing more; a name search tells nothing."""
    customer, account = archive
    client.force_login(UserFactory(roles=["staff"]))

    by_name = client.get(reverse("customers:list"), {"q": "保密客户"}).content.decode()
    by_number = client.get(reverse("customers:list"), {"q": customer.number}).content.decode()
    by_account = client.get(reverse("customers:list"), {"q": account.number}).content.decode()

    assert 'id="hidden-matches"' not in by_name and customer.number not in by_name
    for html in (by_number, by_account):
        assert 'id="hidden-matches"' in html and customer.number in html
        assert customer.name not in html
        assert customer.id_number not in html and "13912345678" not in html
        assert customer.get_absolute_url() not in html


@pytest.mark.parametrize("term", ["13912345678", "ID"])
def test_search_by_phone_or_id_number_never_reveals_a_hidden_customer(client, archive, term):
    """A phone or ID number search says nothing about customers one may not see."""
    customer, _ = archive
    term = customer.id_number if term == "ID" else term
    client.force_login(UserFactory(roles=["staff"]))

    html = client.get(reverse("customers:list"), {"q": term}).content.decode()

    assert customer.number not in html and customer.name not in html


def test_the_owner_finds_the_customer_by_phone_id_number_account_and_address(client, archive,
                                                                             owner):
    """Every search key works for someone who may see the customer."""
    customer, account = archive
    client.force_login(owner)

    for term in ("13912345678", customer.id_number, account.number, "翠湖小区", customer.number):
        html = client.get(reverse("customers:list"), {"q": term}).content.decode()
        assert customer.get_absolute_url() in html, term


def _grant(customer, requester, gm, *, scope="view", days=3):
    request = services.access_request_create(requester=requester, customers=[customer],
                                             purpose="处理投诉需要核对用户信息", scope=scope,
                                             days=days)
    approval_decide(step=pending_request_for(request).steps.get(), by=gm, approve=True)
    request.refresh_from_db()
    return request


def test_an_approved_access_request_opens_the_customer_until_it_expires(client, archive, gm):
    """Request → GM approval → access (masked, logged with the grant) → expiry → 404 again."""
    customer, account = archive
    reader = UserFactory(roles=["office"])
    client.force_login(reader)
    assert client.get(customer.get_absolute_url()).status_code == 404

    request = _grant(customer, reader, gm, scope="view")
    page = client.get(customer.get_absolute_url())
    contacts = client.get(customer.get_absolute_url(), {"tab": "contacts"})

    assert request.status == "approved"
    assert page.status_code == 200
    assert customer.id_number not in page.content.decode()
    assert "139****5678" in contacts.content.decode()
    assert "13912345678" not in contacts.content.decode()
    entry = _logs(customer, "view").filter(user=reader).first()
    assert f"#{request.grants.get().pk}" in entry.grant
    assert client.get(reverse("customers:account_sheet", args=[account.pk])).status_code == 403

    AccessGrant.objects.filter(request=request).update_unrecorded(
        expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(customer.get_absolute_url()).status_code == 404


def test_a_view_and_print_grant_allows_printing(client, archive, gm):
    """Scope view-and-print lets the reader print the user information sheet."""
    customer, account = archive
    reader = UserFactory(roles=["staff"])
    _grant(customer, reader, gm, scope="view_print")
    client.force_login(reader)

    response = client.get(reverse("customers:account_sheet", args=[account.pk]))

    assert response.status_code == 200


def test_a_rejected_access_request_gives_nothing(client, archive, gm):
    """The GM refuses: the requester still gets a 404."""
    customer, _ = archive
    reader = UserFactory(roles=["staff"])
    request = services.access_request_create(requester=reader, customers=[customer],
                                             purpose="好奇", scope="view", days=1)
    approval_decide(step=pending_request_for(request).steps.get(), by=gm, approve=False,
                    comment="无正当理由")
    client.force_login(reader)

    assert client.get(customer.get_absolute_url()).status_code == 404
    request.refresh_from_db()
    assert request.status == "rejected"


def test_access_requests_are_limited_to_thirty_days(archive):
    """A request for more than 30 days is refused on the days field."""
    from django.core.exceptions import ValidationError

    customer, _ = archive

    with pytest.raises(ValidationError) as excinfo:
        services.access_request_create(requester=UserFactory(), customers=[customer],
                                       purpose="审计", scope="view", days=31)

    assert "days" in excinfo.value.message_dict


def test_expire_access_grants_removes_the_object_permissions(archive, gm):
    """The command removes guardian's permissions of expired grants, once."""
    customer, _ = archive
    reader = UserFactory(roles=["staff"])
    request = _grant(customer, reader, gm, scope="view_print")
    assert CustomerUserObjectPermission.objects.filter(user=reader).count() == 2
    AccessGrant.objects.filter(request=request).update_unrecorded(
        expires_at=timezone.now() - datetime.timedelta(minutes=1))

    call_command("expire_access_grants", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("expire_access_grants", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert not CustomerUserObjectPermission.objects.filter(user=reader).exists()
    assert request.grants.get().removed_at is not None


def test_guardian_permission_alone_without_a_grant_opens_nothing(client, archive):
    """A stray object permission (e.g. set in the admin) is not an authorisation."""
    from guardian.shortcuts import assign_perm

    customer, _ = archive
    reader = UserFactory(roles=["staff"])
    assign_perm("customers.view_customer", reader, customer)
    client.force_login(reader)

    assert client.get(customer.get_absolute_url()).status_code == 404


def test_only_the_custodian_and_the_gm_see_the_access_log(client, archive, owner, gm,
                                                          sales_director):
    """The access-log tab is for the custodian and the GM."""
    customer, _ = archive

    client.force_login(owner)
    assert client.get(customer.get_absolute_url(), {"tab": "log"}).status_code == 200
    client.force_login(gm)
    assert client.get(customer.get_absolute_url(), {"tab": "log"}).status_code == 200
    client.force_login(sales_director)
    assert client.get(customer.get_absolute_url(), {"tab": "log"}).status_code == 403


def test_only_the_requester_and_the_gm_see_an_access_request(client, archive, gm):
    """Access requests name customers: others get a 403."""
    customer, _ = archive
    reader = UserFactory(roles=["staff"])
    request = services.access_request_create(requester=reader, customers=[customer],
                                             purpose="核对", scope="view", days=1)

    client.force_login(reader)
    assert client.get(request.get_absolute_url()).status_code == 200
    client.force_login(gm)
    assert client.get(request.get_absolute_url()).status_code == 200
    client.force_login(UserFactory(roles=["staff"]))
    assert client.get(request.get_absolute_url()).status_code == 403


def test_the_list_costs_the_same_queries_for_5_and_50_rows(client, owner):
    """A page of 50 customers runs the same number of queries as a page of 5."""
    client.force_login(owner)
    counts = {}
    for rows in (5, 50):
        while Customer.objects.count() < rows:
            make_customer(by=owner)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("customers:list"))
        assert response.content.decode().count('href="/customers/') >= rows
        counts[rows] = len(captured)

    assert counts[5] == counts[50]


def test_the_admin_lists_no_customer_a_superuser_may_not_see(client, archive):
    """Superusers get no back door through the admin either."""
    customer, _ = archive
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    listing = client.get("/admin/customers/customer/")
    page = client.get(f"/admin/customers/customer/{customer.pk}/change/")

    assert customer.number not in listing.content.decode()
    assert page.status_code in (302, 403, 404)
