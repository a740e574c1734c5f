import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from customers import services
from customers.models import Customer, GasUseClass
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_account, make_customer, make_notice

pytestmark = pytest.mark.django_db


def _confirm(customer, director):
    approval_decide(step=pending_request_for(customer).steps.get(), by=director, approve=True)
    customer.refresh_from_db()


# --- Registering customers -------------------------------------------------------------------
def test_a_new_customer_is_numbered_and_sent_for_archive_confirmation(staff_user):
    """The number comes from the KH sequence; the archive waits for the sales director."""
    customer = make_customer(by=staff_user, name="王小明")

    assert customer.number.startswith("KH") and customer.number.endswith("000001")
    assert customer.status == "draft"
    assert customer.archive_state == "pending"
    assert (customer.sales_rep, customer.custodian) == (staff_user, staff_user)
    assert pending_request_for(customer).steps.get().role.name == "sales_director"


def test_only_business_staff_register_customers(finance_user):
    """Other roles cannot create customer archives."""
    with pytest.raises(PermissionDenied):
        make_customer(by=finance_user)


@pytest.mark.parametrize(("id_type", "number", "field_error"), [
    ("resident_id", "110105194912310021", "校验位"),
    ("uscc", "91350100M000100Y44", "校验"),
    ("resident_id", "", "证件"),
])
def test_identity_numbers_are_validated_with_their_check_characters(staff_user, id_type, number,
                                                                    field_error):
    """A wrong check character is refused on the document-number field, in Chinese."""
    with pytest.raises(ValidationError) as excinfo:
        make_customer(by=staff_user, id_type=id_type, id_number=number)

    assert field_error in "".join(excinfo.value.message_dict["id_number"])
    assert not Customer.objects.exists()


def test_an_identity_is_unique_per_document_type(staff_user):
    """Two customers cannot share one ID number (service and database both refuse)."""
    make_customer(by=staff_user, id_number="11010519491231002X")

    with pytest.raises(ValidationError):
        make_customer(by=staff_user, id_number="11010519491231002x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Customer.objects.create(number="X1", category="residential", name="x",
                                id_type="resident_id", id_number="11010519491231002X",
                                sales_rep=staff_user, custodian=staff_user)


def test_confirmation_by_the_sales_director_makes_a_residential_customer_active(
        staff_user, archive_confirmer):
    """Approval in the engine confirms the archive and activates it."""
    customer = make_customer(by=staff_user)

    _confirm(customer, archive_confirmer)

    assert (customer.archive_state, customer.status) == ("approved", "active")


def test_a_returned_archive_stays_pre_registered(staff_user, archive_confirmer):
    """A rejection marks the archive returned; the customer is not active."""
    customer = make_customer(by=staff_user)

    approval_decide(step=pending_request_for(customer).steps.get(), by=archive_confirmer,
                    approve=False, comment="证件照片不清晰")

    customer.refresh_from_db()
    assert (customer.archive_state, customer.status) == ("rejected", "draft")


def test_changing_identity_or_category_sends_the_archive_again(staff_user, archive_confirmer):
    """A confirmed archive whose category changes waits for a new confirmation (round 2)."""
    customer = make_customer(by=staff_user, category="commercial",
                             contacts=[{"name": "李经理", "mobile": "13812345678"}])
    _confirm(customer, archive_confirmer)

    services.customer_update(customer=customer, by=staff_user, category="industrial")

    customer.refresh_from_db()
    assert customer.archive_state == "pending"
    assert pending_request_for(customer).round == 2


def test_identity_cannot_change_while_confirmation_is_pending(staff_user):
    """The sales director confirms what they see: no change of identity meanwhile."""
    customer = make_customer(by=staff_user)

    with pytest.raises(ValidationError):
        services.customer_update(customer=customer, by=staff_user, name="另一个名字")


def test_a_credit_note_is_dated_and_kept_in_history(staff_user):
    """Changing the credit status dates it; the earlier note stays in history."""
    customer = make_customer(by=staff_user)
    services.customer_update(customer=customer, by=staff_user, credit_rating="A",
                             credit_note="按时缴费")

    services.customer_update(customer=customer, by=staff_user, credit_rating="C",
                             credit_note="欠费三个月")

    customer.refresh_from_db()
    assert customer.credit_noted_on == datetime.date.today()
    assert "按时缴费" in customer.history.values_list("credit_note", flat=True)


# --- 第五条: contacts of organisations ---------------------------------------------------------
@pytest.mark.parametrize("category", ["collective", "commercial", "public_welfare", "industrial"])
def test_an_organisation_without_a_reachable_contact_cannot_become_active(
        staff_user, archive_confirmer, category):
    """Confirmation does not activate it, and making it active is refused with the article."""
    customer = make_customer(by=staff_user, category=category)
    _confirm(customer, archive_confirmer)
    assert customer.status == "draft"

    with pytest.raises(ValidationError, match="第五条"):
        services.customer_set_status(customer=customer, status="active", by=staff_user)


def test_an_organisation_with_a_contact_becomes_active(staff_user, archive_confirmer):
    """With a named contact and a phone the collective customer is activated."""
    customer = make_customer(by=staff_user, category="collective",
                             contacts=[{"name": "赵主任", "landline": "0871-65123456"}])

    _confirm(customer, archive_confirmer)

    assert customer.status == "active"


def test_the_last_reachable_contact_of_an_active_organisation_cannot_be_retired(
        staff_user, archive_confirmer):
    """Deactivating the only contact of an active commercial customer is refused."""
    customer = make_customer(by=staff_user, category="commercial",
                             contacts=[{"name": "李经理", "mobile": "13812345678"}])
    _confirm(customer, archive_confirmer)
    contact = customer.contacts.get()

    with pytest.raises(ValidationError, match="第五条"):
        services.contact_update(contact=contact, by=staff_user, is_active=False)


def test_a_contact_needs_a_phone(staff_user):
    """Name alone is not a contact."""
    customer = make_customer(by=staff_user, category="commercial")

    with pytest.raises(ValidationError):
        services.contact_add(customer=customer, by=staff_user, name="无电话")


# --- 第七条–第八条: opening accounts -------------------------------------------------------------
def test_an_account_cannot_be_opened_without_a_delivery_notice(staff_user):
    """Every missing piece is listed, in Chinese."""
    customer = make_customer(by=staff_user)

    with pytest.raises(ValidationError) as excinfo:
        services.account_open(customer=customer, premises=None, notice=None, use_class=None,
                              by=staff_user)

    messages = excinfo.value.messages
    assert any("送气通知单" in message and "第七条" in message for message in messages)
    assert any("用气性质" in message for message in messages)
    assert any("地址" in message for message in messages)


def test_a_notice_without_drawings_or_for_other_premises_is_refused(staff_user):
    """The notice must carry its acceptance drawings and be for these premises."""
    customer = make_customer(by=staff_user)
    bare = make_notice(with_drawing=False)
    other = make_notice()

    with pytest.raises(ValidationError) as excinfo:
        services.account_open(customer=customer, premises=bare.premises, notice=bare,
                              use_class=GasUseClass.objects.first(), by=staff_user)
    assert "验收图纸" in excinfo.value.messages[0]
    with pytest.raises(ValidationError, match="其他地址"):
        services.account_open(customer=customer, premises=bare.premises, notice=other,
                              use_class=GasUseClass.objects.first(), by=staff_user)


def test_only_planning_issues_delivery_notices(staff_user):
    """第七条: the notice comes from 规划建设部."""
    with pytest.raises(PermissionDenied):
        make_notice(planner=staff_user)


def test_an_opened_account_is_incomplete_until_meter_and_appliances_are_entered(staff_user):
    """The missing list names meter and appliances, then empties as they are entered."""
    from customers.selectors import account_missing

    customer = make_customer(by=staff_user)
    account = make_account(customer=customer, meter=False, appliance=False)

    assert account_missing(account) == ["表务信息", "燃气具信息"]
    services.meter_install(account=account, by=staff_user, number="M1", kind="iot", spec="G2.5",
                           installed_on=datetime.date(2026, 11, 1))
    services.appliance_add(account=account, by=staff_user, kind="stove", brand="老板")
    assert account_missing(account) == []
    assert account.number.isdigit() and len(account.number) == 10


def test_a_commercial_account_needs_an_alarm_with_a_shut_off_valve(staff_user):
    """Commercial premises must have an alarm and its valve."""
    from customers.selectors import account_missing

    customer = make_customer(by=staff_user, category="commercial",
                             contacts=[{"name": "李经理", "mobile": "13812345678"}])
    account = make_account(customer=customer)
    assert "燃气报警器（商业场所必须安装）" in account_missing(account)

    services.alarm_add(account=account, by=staff_user, brand="汉威",
                       installed_on=datetime.date(2026, 11, 1))
    assert account_missing(account) == ["报警器联动切断阀"]
    services.alarm_add(account=account, by=staff_user, brand="汉威", valve_brand="埃美柯",
                       installed_on=datetime.date(2026, 11, 1))
    assert account_missing(account) == []


def test_stoves_need_flame_out_protection_and_direct_water_heaters_are_forbidden(staff_user):
    """Appliance safety rules are refused on their fields."""
    account = make_account(customer=make_customer(by=staff_user), appliance=False)

    with pytest.raises(ValidationError) as stove:
        services.appliance_add(account=account, by=staff_user, kind="stove", brand="x",
                               flame_out_protection=False)
    with pytest.raises(ValidationError) as heater:
        services.appliance_add(account=account, by=staff_user, kind="water_heater", brand="y",
                               exhaust="direct")

    assert "flame_out_protection" in stove.value.message_dict
    assert "exhaust" in heater.value.message_dict


def test_a_meter_change_records_both_readings_and_the_reason(staff_user):
    """The old meter is retired with its final reading; the new one is in service."""
    account = make_account(customer=make_customer(by=staff_user))

    change = services.meter_change(account=account, by=staff_user,
                                   old_final_reading=Decimal("321.5"), reason="slow",
                                   number="M-NEW", kind="iot", spec="G4",
                                   initial_reading=Decimal("0.2"))

    old = change.old_meter
    old.refresh_from_db()
    assert (old.is_current, old.final_reading) == (False, Decimal("321.500"))
    assert account.meters.get(is_current=True).number == "M-NEW"
    assert change.new_initial_reading == Decimal("0.2")


def test_a_transfer_of_ownership_keeps_the_old_link_in_history(staff_user):
    """过户 moves the account; its history still names the old customer."""
    old_owner = make_customer(by=staff_user)
    new_owner = make_customer(by=staff_user)
    account = make_account(customer=old_owner)

    services.account_transfer(account=account, to_customer=new_owner, by=staff_user,
                              reason="房屋买卖")

    account.refresh_from_db()
    assert account.customer == new_owner
    assert old_owner.pk in account.history.values_list("customer_id", flat=True)
    assert "房屋买卖" in account.history.latest().history_change_reason


def test_first_ignition_needs_a_meter(staff_user):
    """An account without meter cannot be ignited; with one it becomes normal."""
    account = make_account(customer=make_customer(by=staff_user), meter=False)

    with pytest.raises(ValidationError):
        services.account_ignite(account=account, by=staff_user)


def test_customers_and_accounts_cannot_be_deleted(staff_user):
    """No hard delete in the archive."""
    from core.models import HardDeleteForbidden

    account = make_account(customer=make_customer(by=staff_user))

    with pytest.raises(HardDeleteForbidden):
        account.customer.delete()
    with pytest.raises(HardDeleteForbidden):
        account.delete()


def test_a_rolled_back_registration_leaves_no_gap_in_customer_numbers(staff_user):
    """A failed creation gives its number back."""
    make_customer(by=staff_user)
    with pytest.raises(ValidationError):
        make_customer(by=staff_user, id_number="110105194912310021")

    third = make_customer(by=staff_user)

    assert third.number.endswith("000002")


def test_sales_director_role_is_needed_somewhere_to_register(db):
    """Without any sales director the submission says so (and the customer is not saved)."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(groups__name="sales_director").update_unrecorded(is_active=False)
    staff = UserFactory(roles=["staff"])

    with pytest.raises(ValidationError, match="销售总监"):
        make_customer(by=staff)


def test_a_duplicate_identity_names_the_customer_already_registered(staff_user):
    """The error says which customer holds the document number."""
    first = make_customer(by=staff_user, id_number="11010519491231002X")

    with pytest.raises(ValidationError) as excinfo:
        make_customer(by=staff_user, id_number="11010519491231002X")

    assert first.number in excinfo.value.message_dict["id_number"][0]


def test_first_ignition_is_recorded_once(staff_user):
    """A second ignition (or one of a suspended account) is refused."""
    account = make_account(customer=make_customer(by=staff_user))
    services.account_ignite(account=account, by=staff_user)

    with pytest.raises(ValidationError):
        services.account_ignite(account=account, by=staff_user)


def test_an_alarm_installed_on_29_february_gets_a_replacement_date(staff_user):
    """Leap-day installations are due on 28 February five years later."""
    account = make_account(customer=make_customer(by=staff_user))

    alarm = services.alarm_add(account=account, by=staff_user, brand="汉威",
                               installed_on=datetime.date(2028, 2, 29))

    assert alarm.replace_due_on == datetime.date(2033, 2, 28)


def test_only_the_archives_keepers_write_it_whatever_the_entry_point(staff_user):
    """The services refuse other users, so a view, the import or an API cannot bypass the rule."""
    customer = make_customer(by=staff_user)
    stranger = UserFactory(roles=["staff"])

    with pytest.raises(PermissionDenied):
        services.customer_update(customer=customer, by=stranger, credit_rating="D")
    with pytest.raises(PermissionDenied):
        services.contact_add(customer=customer, by=stranger, name="假联系人",
                             mobile="13812345678")
    with pytest.raises(PermissionDenied):
        services.visit_save(customer=customer, by=stranger, kind="daily",
                            planned_on=datetime.date(2026, 12, 1))
