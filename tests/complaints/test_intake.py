"""Intake checks (§7.1, 第十一条): the complainant is a customer the receiver may see (with its
own account and premises) or a named caller; a 12345 referral carries its number."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from complaints import services
from complaints.models import Channel, Complaint
from tests.accounts.factories import UserFactory
from tests.complaints.factories import make_complaint
from tests.customers.factories import make_account, make_customer

pytestmark = pytest.mark.django_db


def _errors(desk, **fields):
    with pytest.raises(ValidationError) as caught:
        make_complaint(desk, **fields)
    return caught.value.message_dict


def test_a_customer_the_receiver_may_not_see_is_refused(desk):
    """第十一条: the complainant is chosen among the customers the receiver may see."""
    foreign = make_customer(by=UserFactory(roles=["staff"]))

    assert "customer" in _errors(desk, customer=foreign, caller_name="")


def test_the_account_and_premises_belong_to_the_customer(desk):
    own = make_customer(by=desk.receiver)
    other = make_customer(by=desk.receiver)
    account = make_account(customer=other)

    assert "account" in _errors(desk, customer=own, account=account)
    assert "premises" in _errors(desk, customer=own, premises=account.premises)
    complaint = make_complaint(desk, customer=other, account=account, caller_name="")
    assert complaint.premises == account.premises


def test_a_caller_who_is_not_a_customer_gives_a_name(desk):
    assert "caller_name" in _errors(desk, caller_name="")
    assert "caller_phone" in _errors(desk, caller_phone="12")


def test_a_12345_referral_carries_its_number(desk):
    assert "external_number" in _errors(desk, channel=Channel.HOTLINE_12345)
    assert "external_number" in _errors(desk, external_due_on=datetime.date(2026, 1, 9))
    complaint = make_complaint(desk, channel=Channel.HOTLINE_12345, external_number="12345-001",
                               external_due_on=datetime.date(2026, 1, 9))
    assert complaint.external_number == "12345-001"


def test_a_top_level_category_with_sub_categories_is_not_chosen(desk):
    assert "category" in _errors(desk, category_code="metering")


def test_the_public_web_form_lands_as_registered_for_the_business_department(desk):
    complaint = services.complaint_register_web(caller_name="赵女士", caller_phone="13900001111",
                                                caller_address="翠湖小区3栋",
                                                text="<b>燃气费</b>太贵")

    assert (complaint.status, complaint.channel, complaint.receiving_department) == (
        Complaint.Status.REGISTERED, Channel.WEB, desk.department)
    assert complaint.received_by is None
    assert complaint.events.get().code == "registered"
