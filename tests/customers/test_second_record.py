"""Writes across archives (issue 8, point 7): a service that takes a second record checks the
actor's right to it, and its error names the field without telling whether the record
exists."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from customers import services
from customers.models import GasUseClass
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_account, make_customer, make_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(staff_user):
    """An account of a customer of `staff_user`."""
    return make_account(customer=make_customer(by=staff_user))


@pytest.fixture
def theirs():
    """A customer of another staff member."""
    return make_customer(by=UserFactory(roles=["staff"]))


def _transfer(client, account, number):
    response = client.post(reverse("customers:account_action", args=[account.pk, "transfer"]),
                           {"to_number": number, "reason": "房屋买卖"}, follow=True)
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_transfer_to_another_staff_members_customer_is_refused(mine, theirs, staff_user):
    """The target customer must be one the actor writes; the account and its history stay."""
    versions = mine.history.count()

    with pytest.raises(ValidationError) as excinfo:
        services.account_transfer(account=mine, to_customer=theirs, by=staff_user,
                                  reason="房屋买卖")

    assert list(excinfo.value.message_dict) == ["to_customer"]
    mine.refresh_from_db()
    assert mine.customer.sales_rep == staff_user
    assert mine.history.count() == versions


def test_the_transfer_page_says_the_same_for_an_unknown_and_a_foreign_number(
        client, mine, theirs, staff_user):
    """A number of someone else's customer and a number nobody has get the same message,
    which names the field: the page is no oracle for customer numbers."""
    client.force_login(staff_user)

    foreign = _transfer(client, mine, theirs.number)
    unknown = _transfer(client, mine, "KH2099999999")

    assert foreign == unknown and len(foreign) == 1
    assert str(services.TRANSFER_TARGET_ERROR) in foreign[0]
    mine.refresh_from_db()
    assert mine.customer.sales_rep == staff_user


def test_a_transfer_to_ones_own_customer_works(client, mine, staff_user):
    """过户 between two customers of the same staff member goes through."""
    target = make_customer(by=staff_user)
    client.force_login(staff_user)

    _transfer(client, mine, target.number.lower())

    mine.refresh_from_db()
    assert mine.customer == target


def test_a_transfer_to_a_customer_one_keeps_as_custodian_works(mine, staff_user):
    """The custodian writes the archive too, so it may receive the account."""
    target = make_customer(by=UserFactory(roles=["staff"]))
    target.custodian = staff_user
    target.save()

    services.account_transfer(account=mine, to_customer=target, by=staff_user, reason="继承")

    mine.refresh_from_db()
    assert mine.customer == target


def test_a_visit_of_another_customer_cannot_be_rewritten_through_ones_own(staff_user, theirs):
    """visit_save takes the visit to change: it must belong to the customer written."""
    own = make_customer(by=staff_user)
    visit = services.visit_save(customer=theirs, by=theirs.sales_rep,
                                kind="regular", planned_on=datetime.date(2026, 12, 1),
                                notes="原记录")

    with pytest.raises(ValidationError) as excinfo:
        services.visit_save(customer=own, by=staff_user, visit=visit, notes="改写")

    assert "visit" in excinfo.value.message_dict
    visit.refresh_from_db()
    assert (visit.customer, visit.notes) == (theirs, "原记录")


def test_an_account_cannot_be_opened_on_a_notice_another_account_uses(staff_user, theirs):
    """A delivery notice serves one account: another customer's premises are not reused."""
    taken = make_account(customer=theirs).delivery_notice
    own = make_customer(by=staff_user)

    with pytest.raises(ValidationError):
        services.account_open(customer=own, premises=taken.premises, notice=taken,
                              use_class=GasUseClass.objects.get(code="res_cooking"),
                              by=staff_user)

    assert not own.accounts.exists()


def test_a_free_notice_still_opens_an_account(staff_user):
    """The check above leaves the ordinary case alone."""
    notice = make_notice()
    own = make_customer(by=staff_user)

    account = services.account_open(customer=own, premises=notice.premises, notice=notice,
                                    use_class=GasUseClass.objects.get(code="res_cooking"),
                                    by=staff_user)

    assert account.delivery_notice == notice
