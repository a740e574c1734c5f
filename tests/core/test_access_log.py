import pytest
from django.test import RequestFactory
from django.urls import reverse
from guardian.shortcuts import assign_perm

from core.access import access_log_for, access_log_write
from core.models import AccessLog
from tests.accounts.factories import UserFactory
from tests.testapp.factories import MemoFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.testapp.urls")]


def test_access_log_records_who_what_how_where_and_under_which_grant(staff_user):
    """One call writes the reader, record, action, address, user agent and grant."""
    memo = MemoFactory(title="保密备忘")
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Firefox/140")
    request.user = staff_user

    entry = access_log_write(request=request, obj=memo, action=AccessLog.Action.PRINT,
                             grant="grant: #7")

    assert (entry.user, entry.record, entry.action) == (staff_user, memo, "print")
    assert (entry.ip_address, entry.user_agent, entry.grant) == ("10.1.2.3", "Firefox/140",
                                                                  "grant: #7")
    assert entry.object_repr == "保密备忘"
    assert list(access_log_for(memo)) == [entry]


def test_opening_a_record_writes_one_view_entry(client, staff_user):
    """A successful GET of a detail view with the mixin writes exactly one entry."""
    memo = MemoFactory()
    assign_perm("testapp.view_memo", staff_user, memo)
    client.force_login(staff_user)

    response = client.get(reverse("memo-detail", args=[memo.pk]), REMOTE_ADDR="10.9.8.7")

    assert response.status_code == 200
    entry = access_log_for(memo).get()
    assert (entry.user, entry.action, entry.ip_address, entry.grant) == (
        staff_user, "view", "10.9.8.7", "test_grant")


def test_a_refused_read_is_not_logged_as_a_read(client):
    """A user without the object permission gets a 404 and no access entry is written."""
    memo = MemoFactory()
    client.force_login(UserFactory())

    response = client.get(reverse("memo-detail", args=[memo.pk]))

    assert response.status_code == 404
    assert not access_log_for(memo).exists()


def test_access_log_entries_cannot_be_changed(staff_user):
    """The log is append-only: saving an existing entry again raises (and says so)."""
    memo = MemoFactory()
    request = RequestFactory().get("/")
    request.user = staff_user
    entry = access_log_write(request=request, obj=memo)

    entry.action = "export"
    with pytest.raises(Exception, match="只能追加"):
        entry.save()


def test_client_address_behind_a_trusted_proxy_is_the_forwarded_one(settings, staff_user):
    """With one trusted proxy the last X-Forwarded-For address is the client's."""
    settings.NUM_PROXIES = 1
    memo = MemoFactory()
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1",
                                   HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.5")
    request.user = staff_user

    entry = access_log_write(request=request, obj=memo)

    assert entry.ip_address == "10.0.0.5"
