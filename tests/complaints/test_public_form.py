"""The public web complaint form (issue 11, point 6): open without login, CSRF on, a honeypot,
a limit per client address; submissions land as registered for the business department."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from complaints.models import Channel, Complaint
from complaints.pdf import complaint_sheet_context
from tests.accounts.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/complaints/public/"
VALID = {"caller_name": "赵女士", "caller_phone": "139 0000 1111", "caller_address": "幸福路 8 号",
         "text": "抄表员连续三个月未上门，账单按估算收费。"}


@pytest.fixture
def market(db):
    return DepartmentFactory(code="market", name="市场部")


def test_the_form_is_open_without_login_and_carries_a_hidden_honeypot(client):
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="caller_phone"' in html and 'inputmode="tel"' in html
    assert 'class="visually-hidden" aria-hidden="true"' in html
    assert 'name="extra_reference"' in html
    assert 'name="viewport"' in html  # phone-friendly layout (Bootstrap, 390 px wide)


def test_the_login_page_links_to_the_public_form(client):
    response = client.get(reverse("accounts:login"))

    assert f'href="{URL}"' in response.content.decode()


def test_a_submission_is_registered_for_the_business_department_and_numbered(client, market):
    response = client.post(URL, VALID, follow=True)

    complaint = Complaint.objects.get()
    assert complaint.status == Complaint.Status.REGISTERED
    assert complaint.channel == Channel.WEB
    assert complaint.receiving_department == market
    assert complaint.received_by is None
    assert complaint.caller_phone == "13900001111"
    assert complaint.caller_address == "幸福路 8 号"
    assert response.status_code == 200
    assert f'id="complaint-number">{complaint.number}<' in response.content.decode()
    assert complaint.history.first().history_change_reason == "registered"


def test_html_in_the_text_is_stored_as_typed_and_shown_escaped(client, market):
    text = '<script>alert("x")</script><b>燃气</b>'

    client.post(URL, VALID | {"text": text})

    complaint = Complaint.objects.get()
    assert complaint.text == text
    office = UserFactory(roles=["office"])
    html = render_to_string("complaints/print/sheet.html", complaint_sheet_context(
        complaint=complaint, user=office, access=None))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;燃气&lt;/b&gt;" in html


def test_a_filled_honeypot_is_dropped_with_the_same_thank_you_page(client, market):
    response = client.post(URL, VALID | {"extra_reference": "http://spam.example"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("complaints:public_thanks"))
    assert not Complaint.objects.exists()
    assert client.get(response["Location"]).status_code == 200


def test_twenty_quick_submissions_from_one_address_keep_five_and_refuse_the_rest(client, market):
    statuses = [client.post(URL, VALID, REMOTE_ADDR="203.0.113.7").status_code
                for _ in range(20)]

    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429] * 15
    assert Complaint.objects.count() == 5
    refused = client.post(URL, VALID, REMOTE_ADDR="203.0.113.7")
    # The public page speaks the company's language (Chinese) to anonymous visitors.
    assert "您的网络连接提交的投诉过多" in refused.content.decode()
    assert client.post(URL, VALID, REMOTE_ADDR="198.51.100.1").status_code == 302


def test_the_daily_limit_holds_when_the_ten_minute_window_has_passed(client, market,
                                                                    monkeypatch):
    """20 a day per address: the short window alone would let 5 through every 10 minutes."""
    from django.core.cache import cache

    for _ in range(4):
        for _ in range(5):
            assert client.post(URL, VALID, REMOTE_ADDR="203.0.113.8").status_code == 302
        cache.delete("ratelimit:complaints-web-form:10min:203.0.113.8")

    assert client.post(URL, VALID, REMOTE_ADDR="203.0.113.8").status_code == 429
    assert Complaint.objects.count() == 20


def test_behind_a_trusted_proxy_the_limit_counts_the_forwarded_address(client, market,
                                                                      settings):
    settings.NUM_PROXIES = 1
    for _ in range(5):
        client.post(URL, VALID, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    other = client.post(URL, VALID, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10")
    same = client.post(URL, VALID, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert (other.status_code, same.status_code) == (302, 429)


def test_csrf_stays_on(market):
    client = Client(enforce_csrf_checks=True)

    assert client.post(URL, VALID).status_code == 403
    assert not Complaint.objects.exists()


def test_a_form_with_errors_names_the_fields_and_stores_nothing(client, market):
    response = client.post(URL, VALID | {"caller_phone": "12", "text": ""})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"caller_phone", "text"}
    assert not Complaint.objects.exists()


def test_a_signed_in_user_may_use_the_form_too(client, market, staff_user):
    client.force_login(staff_user)

    assert client.post(URL, VALID).status_code == 302
    assert Complaint.objects.get().received_by is None


def test_the_thank_you_page_shows_no_number_for_a_forged_reference(client):
    response = client.get(reverse("complaints:public_thanks") + "?ref=TS-2026-000001")

    assert response.status_code == 200
    assert response.context["number"] == ""
    assert 'id="complaint-number"' not in response.content.decode()
