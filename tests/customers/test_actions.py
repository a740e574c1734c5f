"""One answer to "what may this user do here" (issue 9, part 2): the customer and account pages
show a button (data-action) for each action customer_actions / account_actions allow, and none
other; the views refuse (403) an action that is not allowed on a visible record."""

import datetime
from dataclasses import asdict

import pytest
from django.urls import reverse

from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from customers import services
from customers.selectors import account_actions, customer_actions
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_account, make_customer
from tests.helpers.pages import DATA_ACTION, timeline_allowed

pytestmark = pytest.mark.django_db

CUSTOMER_TABS = ("overview", "contacts", "accounts", "contracts", "credit", "visits", "history")
ROLES = ("responsible", "granted_staff", "granted_staff_print", "gm", "sales_director",
         "office_view", "sysadmin")


@pytest.fixture
def owner():
    return UserFactory(username="owner", roles=["staff"])


def _grant(customer, requester, gm, scope):
    request = services.access_request_create(requester=requester, customers=[customer],
                                             purpose="处理投诉需要核对用户信息", scope=scope,
                                             days=3)
    approval_decide(step=pending_request_for(request).steps.get(), by=gm, approve=True)


def _user(role, customer, gm, sales_director):
    if role == "responsible":
        return customer.sales_rep
    if role == "gm":
        return gm
    if role == "sales_director":
        return sales_director
    if role == "sysadmin":
        return UserFactory(roles=["sysadmin"])
    user = UserFactory(roles=["office" if role == "office_view" else "staff"])
    _grant(customer, user, gm, "view_print" if role == "granted_staff_print" else "view")
    return user


def _confirmed(customer, archive_confirmer):
    approval_decide(step=pending_request_for(customer).steps.get(), by=archive_confirmer,
                    approve=True)
    customer.refresh_from_db()
    assert customer.is_active and customer.is_archive_confirmed
    return customer


def _shown(client, url, tabs=(None,)):
    shown = set()
    for tab in tabs:
        response = client.get(url, {"tab": tab} if tab else {})
        assert response.status_code == 200
        shown |= set(DATA_ACTION.findall(response.content.decode()))
    return shown


def _allowed(actions) -> set[str]:
    return {name for name, allowed in asdict(actions).items() if allowed}


@pytest.mark.parametrize("confirmed", [False, True], ids=["pending-draft", "confirmed-active"])
@pytest.mark.parametrize("role", ROLES)
def test_customer_and_account_pages_show_exactly_the_allowed_actions(
        client, owner, gm, sales_director, archive_confirmer, role, confirmed):
    """Per role and state: each button shown is an allowed action and each allowed action has
    its button, on the customer page (all tabs) and on the account page; sysadmin gets 404."""
    customer = make_customer(by=owner)
    account = make_account(customer=customer)
    if confirmed:
        customer = _confirmed(customer, archive_confirmer)
    user = _user(role, customer, gm, sales_director)
    client.force_login(user)
    if role == "sysadmin":
        assert client.get(customer.get_absolute_url()).status_code == 404
        assert client.get(account.get_absolute_url()).status_code == 404
        assert _allowed(customer_actions(user=user, customer=customer)) == set()
        return
    allowed = _allowed(customer_actions(user=user, customer=customer))
    assert _shown(client, customer.get_absolute_url(), CUSTOMER_TABS) == (
        allowed | timeline_allowed(user, customer))
    account_allowed = _allowed(account_actions(user=user, account=account))
    assert _shown(client, account.get_absolute_url()) == account_allowed
    if role == "responsible":
        assert {"edit", "add_contact", "open_account", "request_notice"} <= allowed
        # Issue 13: nothing the service would refuse: the pending archive is not made active
        # by hand, the customer with an account in use is not closed, only the sales
        # director reopens.
        assert not {"activate", "close", "reopen"} & allowed
        assert {"ignite", "change_meter", "print_sheet", "correct", "remove"} <= account_allowed
    else:
        assert "edit" not in allowed and "transfer" not in account_allowed
    assert ("print_sheet" in account_allowed) == (role in ("responsible", "gm",
                                                           "sales_director",
                                                           "granted_staff_print"))


def test_a_first_meter_is_offered_until_one_is_entered(client, owner):
    """An account without a meter offers "install_meter", not "change_meter"; nor the first
    ignition once it is recorded."""
    customer = make_customer(by=owner)
    account = make_account(customer=customer, meter=False)
    client.force_login(owner)
    assert {"install_meter"} <= _shown(client, account.get_absolute_url())
    assert "change_meter" not in _shown(client, account.get_absolute_url())
    services.meter_install(account=account, by=owner, number="M1", kind="iot", spec="G2.5",
                           installed_on=datetime.date(2026, 11, 2))
    services.account_ignite(account=account, by=owner)
    shown = _shown(client, account.get_absolute_url())
    assert "change_meter" in shown and not {"install_meter", "ignite"} & shown


@pytest.mark.parametrize(("who", "action", "data"), [
    ("gm", "contact", {"name": "王", "mobile": "13912345678"}),
    ("owner", "submit_archive", {}),  # already with the sales director
])
def test_a_customer_action_not_allowed_is_refused(client, owner, gm, who, action, data):
    """POSTing an action the page does not offer on a visible customer answers 403."""
    customer = make_customer(by=owner)
    client.force_login(owner if who == "owner" else gm)
    url = reverse("customers:action", args=[customer.pk, action])
    assert client.post(url, data).status_code == 403


def test_an_account_action_not_allowed_is_refused(client, owner, gm):
    """A reader without write rights, and a second first meter, answer 403."""
    account = make_account(customer=make_customer(by=owner))
    client.force_login(gm)
    assert client.post(reverse("customers:account_status", args=[account.pk, "ignite"]),
                       {"confirm": "on"}).status_code == 403
    client.force_login(owner)
    assert client.post(reverse("customers:account_action", args=[account.pk, "meter"]),
                       {"number": "M2"}).status_code == 403
