"""In-app notifications: written once per event, only for the people concerned; the bell's
count; read one, read all; nobody opens another user's notification."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import MARKET_MANAGER
from approvals.selectors import pending_request_for
from approvals.services import approval_decide, approval_submit
from contracts import services as contract_services
from core.navigation import BADGE_CAP
from customers import services as customer_services
from notifications.models import Notification
from notifications.services import notify
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.approvals.factories import ApplicationFactory, DelegationFactory, route
from tests.contracts.conftest import approved_installation
from tests.customers.factories import make_customer
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _kinds(user) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_waiting_step_notifies_its_deciders_and_delegates_once(staff_user):
    """The department's market manager and their delegate are told; another department's
    manager and the submitter are not; a reminder run writes no second notice."""
    sales, other = DepartmentFactory(code="sales"), DepartmentFactory(code="other")
    own = UserFactory(roles=[MARKET_MANAGER], department=sales)
    foreign = UserFactory(roles=[MARKET_MANAGER], department=other)
    deputy = UserFactory()
    DelegationFactory(delegator=own, delegate=deputy)
    route({"role": MARKET_MANAGER, "decider": "department_role",
           "department_field": "department"})

    request = approval_submit(target=ApplicationFactory(department=sales), by=staff_user)
    step = request.steps.get()
    from approvals import notifications
    notifications.step_waiting_notice(step)  # again, as a retry would

    assert _kinds(own) == _kinds(deputy) == [Notification.Kind.STEP_WAITING]
    assert _kinds(foreign) == _kinds(staff_user) == []
    notice = Notification.objects.get(recipient=own)
    assert notice.url == request.url and notice.subject == request.title


def test_the_submitter_is_told_of_the_approval_and_of_the_rejection(staff_user, market_manager):
    """Approved and rejected rounds each give the submitter one notice, the decider none."""
    route({"role": MARKET_MANAGER})
    first = approval_submit(target=ApplicationFactory(), by=staff_user)
    second = approval_submit(target=ApplicationFactory(), by=staff_user)

    approval_decide(step=first.steps.get(), by=market_manager, approve=True)
    approval_decide(step=second.steps.get(), by=market_manager, approve=False, comment="不全")

    assert _kinds(staff_user) == [Notification.Kind.REQUEST_APPROVED,
                                  Notification.Kind.REQUEST_REJECTED]
    assert _kinds(market_manager) == [Notification.Kind.STEP_WAITING] * 2


def test_a_grant_is_notified_when_given_and_once_before_it_expires(gm, staff_user):
    """The requester is told of the grant; the daily command tells them once, three days
    before the end, however often it runs; the GM is told nothing of it."""
    customer = make_customer(by=staff_user)
    reader = UserFactory(roles=["staff"])
    request = customer_services.access_request_create(
        requester=reader, customers=[customer], purpose="核对", scope="view", days=2)
    approval_decide(step=pending_request_for(request).steps.get(), by=gm, approve=True)

    call_command("expire_access_grants", stdout=io.StringIO())
    call_command("expire_access_grants", stdout=io.StringIO())

    assert _kinds(reader) == [Notification.Kind.GRANT_EXPIRING, Notification.Kind.GRANT_GIVEN,
                              Notification.Kind.REQUEST_APPROVED]
    assert Notification.Kind.GRANT_GIVEN not in _kinds(gm)
    expiring = Notification.objects.get(recipient=reader, kind=Notification.Kind.GRANT_EXPIRING)
    assert expiring.url == customer.get_absolute_url()


def test_a_grant_far_from_its_end_is_not_notified_yet(gm, staff_user):
    customer = make_customer(by=staff_user)
    reader = UserFactory(roles=["staff"])
    request = customer_services.access_request_create(
        requester=reader, customers=[customer], purpose="核对", scope="view", days=10)
    approval_decide(step=pending_request_for(request).steps.get(), by=gm, approve=True)

    told = customer_services.grants_expiring_notify()
    later = customer_services.grants_expiring_notify(
        now=timezone.now() + datetime.timedelta(days=8))

    assert (told, later) == (0, 1)


def test_a_received_hand_over_notifies_its_drafter_not_the_archivist():
    drafter = UserFactory(roles=["staff"])
    archivist = UserFactory(roles=["archivist"])
    contract = contract_services.contract_sign(contract=approved_installation(drafter),
                                               by=drafter)
    contract_services.contract_finish(contract=contract, by=drafter)
    handover = contract_services.handover_prepare(contract=contract, by=drafter)

    contract_services.handover_receive(handover=handover, by=archivist, location="A-1")

    assert Notification.Kind.HANDOVER_RECEIVED in _kinds(drafter)
    assert Notification.Kind.HANDOVER_RECEIVED not in _kinds(archivist)


def test_notify_writes_once_per_event_and_recipient():
    user = UserFactory()

    for _ in range(3):
        notify(recipients=[user, user.pk], kind=Notification.Kind.GRANT_GIVEN, event_key="e:1")

    assert Notification.objects.filter(recipient=user).count() == 1


# --- Pages -------------------------------------------------------------------------------
def test_the_bell_shows_the_unread_count_capped_like_the_badge(client):
    user = UserFactory()
    NotificationFactory.create_batch(3, recipient=user)
    NotificationFactory(recipient=user, read_at=timezone.now())
    client.force_login(user)

    html = client.get("/").content.decode()

    assert 'data-unread="3"' in html and 'id="nav-bell-count">3<' in html
    NotificationFactory.create_batch(BADGE_CAP, recipient=user)
    assert f'id="nav-bell-count">{BADGE_CAP - 1}+<' in client.get("/").content.decode()


def test_a_user_marks_one_read_and_opens_what_it_is_about(client):
    notice = NotificationFactory(url="/approvals/")
    client.force_login(notice.recipient)

    response = client.post(reverse("notifications:read", args=[notice.pk]), {"open": "1"})

    notice.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == "/approvals/"
    assert notice.read_at is not None


def test_mark_all_read_reads_only_my_own(client):
    mine = NotificationFactory.create_batch(2)
    other = NotificationFactory()
    for notice in mine[1:]:
        notice.recipient = mine[0].recipient
        notice.save()
    client.force_login(mine[0].recipient)

    client.post(reverse("notifications:read_all"))

    assert Notification.objects.filter(recipient=mine[0].recipient,
                                       read_at__isnull=True).count() == 0
    other.refresh_from_db()
    assert other.read_at is None


def test_another_users_notification_is_a_404(client):
    notice = NotificationFactory()
    client.force_login(UserFactory())

    response = client.post(reverse("notifications:read", args=[notice.pk]))

    notice.refresh_from_db()
    assert response.status_code == 404 and notice.read_at is None


def test_the_list_shows_only_my_notifications_paginated(client):
    user = UserFactory()
    NotificationFactory.create_batch(35, recipient=user)
    foreign = NotificationFactory(subject="别人的通知")
    client.force_login(user)

    first = client.get(reverse("notifications:list")).content.decode()
    second = client.get(reverse("notifications:list"), {"page": 2}).content.decode()

    assert first.count("data-notification=") == 30 and second.count("data-notification=") == 5
    assert foreign.subject not in first + second


def test_a_notification_is_never_deleted():
    from core.models import HardDeleteForbidden

    notice = NotificationFactory()
    with pytest.raises(HardDeleteForbidden):
        notice.delete()


# --- Links in mails ----------------------------------------------------------------------
@override_settings(SITE_URL="")
def test_a_mail_sent_while_serving_a_request_links_to_that_address(
        client, staff_user, market_manager, django_capture_on_commit_callbacks):
    """The decision made on records.example.com:8443 mails a link to that host and port."""
    route({"role": MARKET_MANAGER})
    request = approval_submit(target=ApplicationFactory(), by=staff_user)
    mail.outbox.clear()
    client.force_login(market_manager)

    with override_settings(ALLOWED_HOSTS=["records.example.com"]), \
            django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("approvals:decide", args=[request.steps.get().pk]),
                    {"decision": "approve"}, HTTP_HOST="records.example.com:8443",
                    secure=True)

    assert len(mail.outbox) == 1
    assert f"https://records.example.com:8443{request.url}" in mail.outbox[0].body


@override_settings(SITE_URL="https://records.example.com/")
def test_a_mail_sent_outside_a_request_links_to_site_url(
        staff_user, market_manager, django_capture_on_commit_callbacks):
    route({"role": MARKET_MANAGER})
    with django_capture_on_commit_callbacks(execute=True):
        approval_submit(target=ApplicationFactory(), by=staff_user)

    assert "https://records.example.com/approvals/" in mail.outbox[0].body
    assert ":8000" not in mail.outbox[0].body
