"""Issue 13, point 10: the lock-out page sends the user to the system administrator, who lifts
the django-axes lock-out from the user admin; the user's history keeps who did it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from accounts.services import lockout_failures, lockout_reset
from core.reasons import REASONS
from tests.accounts.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
IP = "10.0.0.9"


def _login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=IP)


@pytest.fixture
def locked(client):
    """A user locked out by 5 wrong passwords: the right one is refused too."""
    user = UserFactory(username="wang")
    for _ in range(5):
        _login(client, "wang", "wrong-password")
    assert _login(client, "wang", TEST_PASSWORD).status_code == 429
    user.failures = lockout_failures(user)
    assert user.failures >= 5
    return user


def test_sysadmin_lifts_a_lockout_with_the_admin_action(client, locked, sysadmin):
    admin = client.__class__()
    admin.force_login(sysadmin)

    response = admin.post(reverse("admin:accounts_user_changelist"),
                          {"action": "lift_lockout", "_selected_action": [locked.pk]})

    assert response.status_code == 302
    assert lockout_failures(locked) == 0
    row = locked.history.latest()
    assert (row.history_user, row.history_change_reason) == (
        sysadmin, f"lockout_reset: {locked.failures}")
    assert _login(client, "wang", TEST_PASSWORD).status_code == 302  # signed in


def test_sysadmin_lifts_a_lockout_from_the_users_page(client, locked, sysadmin):
    admin = client.__class__()
    admin.force_login(sysadmin)
    page = admin.get(reverse("admin:accounts_user_change", args=[locked.pk])).content.decode()
    url = reverse("admin:accounts_user_lift_lockout", args=[locked.pk])
    assert url in page

    assert admin.get(url).status_code == 200  # the confirmation
    response = admin.post(url)

    assert response.status_code == 302
    assert _login(client, "wang", TEST_PASSWORD).status_code == 302
    with translation.override("zh-hans"):
        history = admin.get(reverse("admin:accounts_user_history", args=[locked.pk]),
                            HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert str(REASONS.labels()["lockout_reset"]) in history
    assert "lockout_reset" not in history


def test_a_non_sysadmin_cannot_lift_a_lockout(client, locked):
    """An admin user without the sysadmin role: no action, no page, the service refuses."""
    other = UserFactory(roles=["staff"], is_staff=True)
    admin = client.__class__()
    admin.force_login(other)

    admin.post(reverse("admin:accounts_user_changelist"),
               {"action": "lift_lockout", "_selected_action": [locked.pk]})
    page = admin.post(reverse("admin:accounts_user_lift_lockout", args=[locked.pk]))

    assert page.status_code in (302, 403)  # the admin's sign-in page, or refused
    with pytest.raises(PermissionDenied):
        lockout_reset(user=locked, by=other)
    assert lockout_failures(locked) == locked.failures
    assert _login(client, "wang", TEST_PASSWORD).status_code == 429


def test_a_staff_admin_with_user_rights_but_not_sysadmin_gets_403(client, locked):
    """Even with the right to change users, only sysadmin (or a superuser) lifts lock-outs."""
    from django.contrib.auth.models import Permission

    other = UserFactory(roles=["staff"], is_staff=True)
    other.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="accounts", codename__in=["view_user", "change_user"]))
    admin = client.__class__()
    admin.force_login(other)

    changelist = admin.get(reverse("admin:accounts_user_changelist")).content.decode()
    response = admin.post(reverse("admin:accounts_user_lift_lockout", args=[locked.pk]))

    assert 'value="lift_lockout"' not in changelist
    assert response.status_code == 403
    assert lockout_failures(locked) == locked.failures


def test_the_user_admin_shows_role_names_not_codes(client, sysadmin):
    UserFactory(username="li", roles=["archivist"])
    client.force_login(sysadmin)

    with translation.override("zh-hans"):
        html = client.get(reverse("admin:accounts_user_changelist"),
                          HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "档案管理员" in html  # the archivist role's name, column and filter
    assert "?role=" in html
    assert ">archivist<" not in html
