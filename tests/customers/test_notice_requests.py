"""Issue 13, point 8 (第七条): a customer's staff member requests a delivery notice from the
account-opening page; 规划建设部 sees the open requests (customers:notice_request_list,
?status=open) and issues the notice for the request's premises or declines it with a reason;
choosing the notice on the account-opening page fills in its premises."""

import pytest
from django.urls import reverse

from core.attachments import attachment_add
from customers import services
from customers.models import DeliveryNoticeRequest, GasUseClass
from customers.notice_selectors import notice_request_open_count
from tests.accounts.factories import UserFactory
from tests.customers.factories import DRAWING, make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(username="owner", roles=["staff"])


def _request(client, owner, customer) -> DeliveryNoticeRequest:
    client.force_login(owner)
    page = client.get(reverse("customers:account_open", args=[customer.pk])).content.decode()
    assert reverse("customers:notice_request", args=[customer.pk]) in page
    response = client.post(reverse("customers:notice_request", args=[customer.pk]), {
        "premises-district": "五华区", "premises-community": "春苑小区",
        "premises-building": "2", "premises-room": "302", "notes": "新建小区，已验收"})
    assert response.status_code == 302
    return DeliveryNoticeRequest.objects.get(customer=customer)


def test_planning_sees_the_open_request_and_issues_the_notice_for_its_premises(
        client, owner, planning_user):
    customer = make_customer(by=owner)
    notice_request = _request(client, owner, customer)
    client.force_login(planning_user)

    listed = client.get(reverse("customers:notice_request_list"), {"status": "open"})
    response = client.post(reverse("customers:notice_request_issue", args=[notice_request.pk]),
                           {"issued_on": "2026-11-20", "confirm": "on"})

    assert f'data-request="{notice_request.pk}"' in listed.content.decode()
    assert notice_request_open_count(planning_user) == 0
    notice_request.refresh_from_db()
    assert notice_request.status == DeliveryNoticeRequest.Status.ISSUED
    assert notice_request.notice.premises_id == notice_request.premises_id
    assert response["Location"] == notice_request.notice.get_absolute_url()
    still_open = client.get(reverse("customers:notice_request_list")).content.decode()
    assert f'data-request="{notice_request.pk}"' not in still_open


def test_the_open_requests_are_counted_for_planning_and_hidden_from_other_staff(
        client, owner, planning_user):
    """Planning's badge counts open requests; another staff member's list does not show
    someone else's request, nor may they answer it (403)."""
    notice_request = _request(client, owner, make_customer(by=owner))
    stranger = UserFactory(roles=["staff"])
    client.force_login(stranger)

    listed = client.get(reverse("customers:notice_request_list")).content.decode()
    answer = client.post(reverse("customers:notice_request_decline", args=[notice_request.pk]),
                         {"confirm": "on", "reason": "x"})

    assert notice_request_open_count(planning_user) == 1
    assert f'data-request="{notice_request.pk}"' not in listed
    assert answer.status_code == 403


def test_planning_declines_with_a_reason_kept_on_the_request(client, owner, planning_user):
    notice_request = _request(client, owner, make_customer(by=owner))
    client.force_login(planning_user)
    url = reverse("customers:notice_request_decline", args=[notice_request.pk])

    refused = client.post(url, {"confirm": "on"})
    declined = client.post(url, {"confirm": "on", "reason": "尚未验收"})

    assert refused.status_code == 400
    assert declined.status_code == 302
    notice_request.refresh_from_db()
    assert notice_request.status == DeliveryNoticeRequest.Status.DECLINED
    assert notice_request.answer == "尚未验收"


def test_choosing_the_notice_fills_in_its_premises(client, owner, planning_user):
    """The account is opened with only the notice chosen: its premises are the notice's."""
    customer = make_customer(by=owner)
    notice_request = _request(client, owner, customer)
    notice = services.notice_request_issue(notice_request=notice_request, by=planning_user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    attachment_add(record=notice, by=planning_user, kind="drawing",
                   uploaded_file=SimpleUploadedFile("验收图纸.pdf", DRAWING,
                                                    content_type="application/pdf"))
    client.force_login(owner)

    response = client.post(reverse("customers:account_open", args=[customer.pk]), {
        "notice": notice.pk, "use_class": GasUseClass.objects.get(code="res_cooking").pk})

    assert response.status_code == 302
    account = customer.accounts.get()
    assert account.premises_id == notice.premises_id == notice_request.premises_id


def test_planning_home_tile_counts_the_open_requests_and_links_to_them(
        client, owner, planning_user):
    """Issue 13 point 1: planning's to-do list shows the open delivery-notice requests."""
    _request(client, owner, make_customer(by=owner))
    _request(client, owner, make_customer(by=owner))
    client.force_login(planning_user)

    page = client.get("/").content.decode()

    assert 'data-tile="notice_requests" data-count="2"' in page
    assert reverse("customers:notice_request_list") + "?status=open" in page
    client.force_login(owner)
    assert 'data-tile="notice_requests"' not in client.get("/").content.decode()
