"""Issue 13, point 7: every change of a customer's or an account's state goes through the one
confirmation step (a required tick, and a reason where it ends something, kept in the
history); a POST without them is a form error naming the field and changes nothing; the
pages offer only what the state allows; a closed customer is reopened by the sales director."""

from dataclasses import asdict

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from core.forms import ConfirmForm
from customers import services
from customers.models import Customer, GasAccount
from customers.selectors import account_actions, customer_actions
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_account, make_customer
from tests.helpers.pages import DATA_ACTION, timeline_allowed

pytestmark = pytest.mark.django_db

TABS = ("overview", "contacts", "accounts", "contracts", "credit", "visits", "history")


@pytest.fixture
def owner():
    return UserFactory(username="owner", roles=["staff"])


def _active(owner, archive_confirmer, **fields) -> Customer:
    customer = make_customer(by=owner, **fields)
    approval_decide(step=pending_request_for(customer).steps.get(), by=archive_confirmer,
                    approve=True)
    customer.refresh_from_db()
    assert customer.is_active
    return customer


def _closed(owner, archive_confirmer) -> Customer:
    customer = _active(owner, archive_confirmer)
    account = make_account(customer=customer)
    services.account_set_status(account=account, action="remove", by=owner, reason="拆表")
    return services.customer_set_status(customer=customer, status=Customer.Status.CLOSED,
                                        by=owner, reason="客户迁出")


def _field_error(field: str, message: str) -> str:
    """The error line of core's form field template, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        form = ConfirmForm()
        label = str(form.fields[field].label) if field in form.fields else str(
            ConfirmForm.reason_label)
        return f"{label}：{message}"


def _required_messages():
    with translation.override(settings.LANGUAGE_CODE):
        return str(ConfirmForm.base_fields["confirm"].error_messages["required"]), str(
            translation.gettext("Give the reason."))


def _shown(client, url, tabs=(None,)) -> set[str]:
    shown = set()
    for tab in tabs:
        response = client.get(url, {"tab": tab} if tab else {})
        assert response.status_code == 200
        shown |= set(DATA_ACTION.findall(response.content.decode()))
    return shown


def _allowed(actions) -> set[str]:
    return {name for name, allowed in asdict(actions).items() if allowed}


def test_closing_without_the_tick_or_the_reason_names_the_fields_and_changes_nothing(
        client, owner, archive_confirmer):
    """The close URL's POST without the tick and the reason answers the confirmation page
    (400) with both errors on their fields; the customer stays active."""
    customer = _active(owner, archive_confirmer)
    client.force_login(owner)
    rows = customer.history.count()

    response = client.post(reverse("customers:status", args=[customer.pk, "close"]), {})

    page = response.content.decode()
    tick, reason = _required_messages()
    assert response.status_code == 400
    assert _field_error("confirm", tick) in page
    assert _field_error("reason", reason) in page
    customer.refresh_from_db()
    assert customer.is_active and customer.history.count() == rows


def test_the_confirmation_page_is_shown_first_and_the_reason_is_kept_in_the_history(
        client, owner, archive_confirmer):
    """GET shows the step (the button marked data-confirm); the confirmed POST closes the
    customer, and its history row carries the reason."""
    customer = _active(owner, archive_confirmer)
    client.force_login(owner)
    url = reverse("customers:status", args=[customer.pk, "close"])

    step = client.get(url)
    response = client.post(url, {"confirm": "on", "reason": "客户迁出本市"})

    assert step.status_code == 200 and 'data-confirm="close"' in step.content.decode()
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.is_closed
    assert "客户迁出本市" in customer.history.first().history_change_reason


def test_make_active_is_not_offered_while_the_archive_waits_for_the_sales_director(
        client, owner):
    """Today's bug: 设为有效 was shown on a pre-registered customer and then refused."""
    customer = make_customer(by=owner)
    client.force_login(owner)

    assert not customer_actions(user=owner, customer=customer).activate
    assert "activate" not in _shown(client, customer.get_absolute_url(), TABS)
    response = client.post(reverse("customers:status", args=[customer.pk, "activate"]),
                           {"confirm": "on"})
    assert response.status_code == 403


def test_close_is_offered_only_once_every_account_is_out_of_use(
        client, owner, archive_confirmer):
    """An account in use hides 销户; removing it (confirmed, with a reason) offers it."""
    customer = _active(owner, archive_confirmer)
    account = make_account(customer=customer)
    client.force_login(owner)
    assert "close" not in _shown(client, customer.get_absolute_url())

    response = client.post(reverse("customers:account_status", args=[account.pk, "remove"]),
                           {"confirm": "on", "reason": "拆表销户"})

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == GasAccount.Status.REMOVED
    assert "拆表销户" in account.history.first().history_change_reason
    assert "close" in _shown(client, customer.get_absolute_url())


@pytest.mark.parametrize("role", ["owner", "sales_director", "gm"])
def test_a_closed_customer_and_its_removed_account_show_exactly_the_allowed_actions(
        client, owner, archive_confirmer, gm, role):
    """No 开户, notice request, contract or close on a closed customer; no entry, correction
    or status change on a removed account; the sales director alone is offered 重新启用."""
    customer = _closed(owner, archive_confirmer)
    account = customer.accounts.get()
    user = {"owner": owner, "sales_director": archive_confirmer, "gm": gm}[role]
    client.force_login(user)

    allowed = _allowed(customer_actions(user=user, customer=customer))
    shown = _shown(client, customer.get_absolute_url(), TABS)
    account_shown = _shown(client, account.get_absolute_url())

    assert shown == allowed | timeline_allowed(user, customer)
    assert account_shown == _allowed(account_actions(user=user, account=account))
    assert not {"open_account", "request_notice", "draft_contract", "close"} & allowed
    assert ("reopen" in allowed) == (role == "sales_director")
    assert account_shown <= {"print_sheet"}
    assert client.get(reverse("customers:account_open", args=[customer.pk])).status_code == 403


def test_the_sales_director_reopens_a_closed_customer_with_a_reason(
        client, owner, archive_confirmer):
    """The responsible staff member may not reopen (403); the sales director confirms with a
    reason, the customer is active again and the reason is in its history."""
    customer = _closed(owner, archive_confirmer)
    url = reverse("customers:status", args=[customer.pk, "reopen"])
    client.force_login(owner)
    assert client.post(url, {"confirm": "on", "reason": "客户回迁"}).status_code == 403

    client.force_login(archive_confirmer)
    refused = client.post(url, {"confirm": "on"})
    response = client.post(url, {"confirm": "on", "reason": "客户回迁"})

    assert refused.status_code == 400
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.is_active
    assert "客户回迁" in customer.history.first().history_change_reason
    assert customer_actions(user=owner, customer=customer).open_account


def test_first_ignition_is_confirmed_and_offered_only_with_a_meter(client, owner):
    """No meter: no ignition button; with one, the confirmed POST records it once."""
    customer = make_customer(by=owner)
    bare = make_account(customer=customer, meter=False)
    account = make_account(customer=customer)
    client.force_login(owner)
    assert "ignite" not in _shown(client, bare.get_absolute_url())
    url = reverse("customers:account_status", args=[account.pk, "ignite"])

    unconfirmed = client.post(url, {})
    confirmed = client.post(url, {"confirm": "on"})

    assert unconfirmed.status_code == 400
    assert confirmed.status_code == 302
    account.refresh_from_db()
    assert account.status == GasAccount.Status.NORMAL
    assert "ignite" not in _shown(client, account.get_absolute_url())


def test_suspending_and_resuming_follow_the_accounts_lifecycle(client, owner):
    """A normal account is suspended with a reason and resumed; each page offers only the
    moves its status allows."""
    account = make_account(customer=make_customer(by=owner))
    services.account_ignite(account=account, by=owner)
    client.force_login(owner)
    assert {"suspend", "mark_dormant", "remove"} <= _shown(client, account.get_absolute_url())
    assert "resume" not in _shown(client, account.get_absolute_url())

    client.post(reverse("customers:account_status", args=[account.pk, "suspend"]),
                {"confirm": "on", "reason": "欠费停气"})

    account.refresh_from_db()
    assert account.status == GasAccount.Status.SUSPENDED
    assert "resume" in _shown(client, account.get_absolute_url())
    assert "suspend" not in _shown(client, account.get_absolute_url())
