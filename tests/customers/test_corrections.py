"""Issue 13, point 8: a meter, an appliance or an alarm entered by mistake is corrected or
voided with a reason, never deleted; void rows stay on the page struck through and count for
nothing in the account's completeness, which lists every missing item at once."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from customers import services
from customers.models import Appliance, Meter
from customers.selectors import account_actions, account_missing
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_account, make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(username="owner", roles=["staff"])


def _missing_words() -> list[str]:
    with translation.override(settings.LANGUAGE_CODE):
        return [translation.gettext(text) for text in (
            "meter information", "gas appliance information",
            "gas alarm (required on commercial premises)", "shut-off valve linked to the alarm")]


def test_voiding_a_meter_keeps_the_row_with_its_reason_and_history(client, owner):
    """The void meter stays in the database and on the page (struck through, with the
    reason); its history names the reason; it no longer counts as the account's meter, so a
    new first meter is offered."""
    account = make_account(customer=make_customer(by=owner))
    meter = account.meters.get()
    client.force_login(owner)

    response = client.post(reverse("customers:entry_void", args=[account.pk, "meter", meter.pk]),
                           {"confirm": "on", "reason": "表号录错"})

    assert response.status_code == 302
    meter = Meter.objects.get(pk=meter.pk)
    assert meter.is_void and meter.void_reason == "表号录错" and not meter.is_current
    assert "表号录错" in meter.history.first().history_change_reason
    account.refresh_from_db()
    with translation.override(settings.LANGUAGE_CODE):
        assert account_missing(account) == _missing_words()[:1]
    page = client.get(account.get_absolute_url()).content.decode()
    assert "entry-void" in page and "表号录错" in page and meter.number in page
    actions = account_actions(user=owner, account=account)
    assert actions.install_meter and not actions.change_meter and not actions.ignite


def test_a_void_without_the_tick_or_the_reason_is_refused_naming_the_field(client, owner):
    """Nothing changes; the page names the reason field."""
    account = make_account(customer=make_customer(by=owner))
    appliance = account.appliances.get()
    client.force_login(owner)
    url = reverse("customers:entry_void", args=[account.pk, "appliance", appliance.pk])

    response = client.post(url, {"confirm": "on"})

    assert response.status_code == 400
    with translation.override(settings.LANGUAGE_CODE):
        assert f"{translation.gettext('Reason')}：{translation.gettext('Give the reason.')}" in \
            response.content.decode()
    assert not Appliance.objects.get(pk=appliance.pk).is_void


def test_a_voided_appliance_leaves_the_account_incomplete(owner):
    account = make_account(customer=make_customer(by=owner))
    assert account_missing(account) == []

    services.entry_void(entry=account.appliances.get(), by=owner, reason="重复录入")

    with translation.override(settings.LANGUAGE_CODE):
        assert account_missing(account) == _missing_words()[1:2]


def test_an_entry_is_corrected_and_the_former_value_stays_in_its_history(client, owner):
    account = make_account(customer=make_customer(by=owner))
    appliance = account.appliances.get()
    client.force_login(owner)
    url = reverse("customers:entry_edit", args=[account.pk, "appliance", appliance.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"kind": "stove", "brand": "老板", "quantity": "1",
                                 "flame_out_protection": "on", "service_life_years": "8"})

    assert response.status_code == 302
    appliance.refresh_from_db()
    assert appliance.brand == "老板"
    assert [row.brand for row in appliance.history.all()[:2]] == ["老板", "方太"]


def test_only_the_accounts_writer_corrects_and_only_its_own_entries(client, owner, gm):
    """The GM reads the account but may not correct it (403); an entry of another account
    named in the URL is a 404; a void entry cannot be voided again (403)."""
    account = make_account(customer=make_customer(by=owner))
    other = make_account(customer=make_customer(by=owner))
    meter = account.meters.get()
    client.force_login(gm)
    assert client.get(reverse("customers:entry_edit",
                              args=[account.pk, "meter", meter.pk])).status_code == 403
    client.force_login(owner)
    assert client.get(reverse("customers:entry_edit",
                              args=[other.pk, "meter", meter.pk])).status_code == 404
    services.entry_void(entry=meter, by=owner, reason="录错")
    assert client.get(reverse("customers:entry_void",
                              args=[account.pk, "meter", meter.pk])).status_code == 403


def test_the_account_page_lists_every_missing_item_at_once(client, owner):
    """A commercial account with nothing entered: meter, appliances, alarm and valve, all in
    one list; an alarm without a valve leaves only the valve."""
    customer = make_customer(by=owner, category="commercial",
                             contacts=[{"name": "李经理", "mobile": "13812345678"}])
    account = make_account(customer=customer, meter=False, appliance=False)
    client.force_login(owner)

    page = client.get(account.get_absolute_url()).content.decode()

    missing = page[page.index('id="account-missing"'):]
    missing = missing[:missing.index("</ul>")]
    assert all(word in missing for word in _missing_words())
    assert missing.count("<li>") == 4
    services.alarm_add(account=account, by=owner, brand="汉威",
                       installed_on=datetime.date(2026, 11, 2))
    with translation.override(settings.LANGUAGE_CODE):
        assert account_missing(account) == [_missing_words()[0], _missing_words()[1],
                                            _missing_words()[3]]
