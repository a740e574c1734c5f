import pytest
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import UserFactory
from tests.testapp.factories import MemoFactory

pytestmark = pytest.mark.django_db


def test_sysadmin_manages_users_in_the_admin(client, sysadmin):
    """sysadmin opens the user list and a user's page."""
    other = UserFactory(username="li")
    client.force_login(sysadmin)

    listing = client.get(reverse("admin:accounts_user_changelist"))
    page = client.get(reverse("admin:accounts_user_change", args=[other.pk]))

    assert listing.status_code == 200
    assert "li" in listing.content.decode()
    assert page.status_code == 200


def test_sysadmin_cannot_open_business_records_or_the_access_log(client, sysadmin):
    """Separation of duties: managing users gives no access to business data."""
    memo = MemoFactory()
    client.force_login(sysadmin)

    assert client.get(reverse("admin:testapp_memo_changelist")).status_code == 403
    assert client.get(reverse("admin:testapp_memo_change", args=[memo.pk])).status_code == 403
    assert client.get(reverse("admin:core_accesslog_changelist")).status_code == 403


def test_sysadmin_cannot_make_anyone_a_superuser(client, sysadmin):
    """The superuser flag is read-only for sysadmin."""
    other = UserFactory(username="li")
    client.force_login(sysadmin)

    form = client.get(reverse("admin:accounts_user_change", args=[other.pk])).context["adminform"]

    assert "is_superuser" in form.readonly_fields


def test_deactivating_users_keeps_them_and_records_who_did_it(client, sysadmin):
    """The admin action deactivates; the user stays, and history names the sysadmin."""
    other = UserFactory(username="li")
    client.force_login(sysadmin)

    client.post(reverse("admin:accounts_user_changelist"),
                {"action": "deactivate", "_selected_action": [other.pk]})

    other.refresh_from_db()
    assert other.is_active is False
    latest = other.history.latest()
    assert latest.history_user == sysadmin
    assert latest.history_change_reason == "deactivated"
    assert User.objects.filter(pk=other.pk).exists()


def test_staff_without_admin_access_cannot_open_the_admin(client, staff_user):
    """Business staff work in the staff pages, not the admin."""
    client.force_login(staff_user)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302


def test_role_changes_are_kept_in_the_users_history(client, sysadmin, gm):
    """A role given on the GM's approval of the sysadmin's request leaves a history row on
    the user naming the GM who decided (the admin form itself no longer changes groups)."""
    from django.contrib.auth.models import Group

    from accounts.services import role_change_request
    from approvals.selectors import pending_request_for
    from approvals.services import approval_decide

    other = UserFactory(username="li")
    gm_group = Group.objects.get(name="gm")
    change = role_change_request(user=other, role=gm_group, action="add", reason="接任总经理",
                                 by=sysadmin)

    approval_decide(step=pending_request_for(change).steps.get(), by=gm, approve=True)

    latest = other.history.latest()
    assert latest.history_user == gm
    assert [row.group_id for row in latest.groups.all()] == [gm_group.pk]
