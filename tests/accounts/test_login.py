import logging
import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.sessions import LAST_SEEN, LOGIN_AT
from tests.accounts.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_is_in_chinese_by_default(client):
    """A new visitor gets the sign-in page in Simplified Chinese."""
    response = client.get(LOGIN)

    assert response.status_code == 200
    assert "登录" in response.content.decode()
    assert 'lang="zh-CN"' in response.content.decode()


def test_pages_require_login(client):
    """The home page sends an anonymous visitor to the sign-in page."""
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_user_signs_in_and_gets_a_new_session_key(client):
    """Signing in replaces the session key the visitor had before (no session fixation)."""
    UserFactory(username="zhang")
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key

    response = _login(client, "zhang", TEST_PASSWORD)

    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_with_a_chinese_message(client):
    """A wrong password keeps the user out and says so in Chinese."""
    UserFactory(username="zhang")

    response = _login(client, "zhang", "wrong-password")

    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_five_failures_lock_the_username_from_that_address(client):
    """After 5 failures even the right password is refused, with a clear Chinese message."""
    UserFactory(username="zhang")
    for _ in range(5):
        _login(client, "zhang", "wrong-password")

    response = _login(client, "zhang", TEST_PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "15 分钟" in html
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client):
    """The fifth attempt with the right password still works after four failures."""
    UserFactory(username="zhang")
    for _ in range(4):
        _login(client, "zhang", "wrong-password")

    assert _login(client, "zhang", TEST_PASSWORD).status_code == 302


def test_a_lockout_does_not_block_other_users_from_the_same_address(client):
    """Locking is per username and address: colleagues behind the same NAT still sign in."""
    UserFactory(username="zhang")
    UserFactory(username="li")
    for _ in range(5):
        _login(client, "zhang", "wrong-password")

    assert _login(client, "li", TEST_PASSWORD).status_code == 302


def test_a_lockout_does_not_block_the_same_user_from_another_address(client):
    """Someone failing from one address cannot lock the real user out everywhere."""
    UserFactory(username="zhang")
    for _ in range(5):
        _login(client, "zhang", "wrong-password", ip="10.0.0.66")

    assert _login(client, "zhang", TEST_PASSWORD, ip="10.0.0.1").status_code == 302


def test_the_lock_lifts_after_fifteen_minutes(client):
    """Once the failures are more than 15 minutes old the user signs in again."""
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    UserFactory(username="zhang")
    for _ in range(5):
        _login(client, "zhang", "wrong-password")
    assert _login(client, "zhang", TEST_PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=5))

    assert _login(client, "zhang", TEST_PASSWORD).status_code == 302


def test_the_lock_holds_within_fifteen_minutes(client):
    """Failures 14 minutes old still lock the account."""
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    UserFactory(username="zhang")
    for _ in range(5):
        _login(client, "zhang", "wrong-password")

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))

    assert _login(client, "zhang", TEST_PASSWORD).status_code == 429


def test_login_successes_and_failures_are_logged(client, caplog):
    """The auth log names the user and the address for each attempt."""
    UserFactory(username="zhang")

    with caplog.at_level(logging.INFO, logger="accounts.auth"):
        _login(client, "zhang", "wrong-password", ip="10.0.0.7")
        _login(client, "zhang", TEST_PASSWORD, ip="10.0.0.7")

    messages = [record.getMessage() for record in caplog.records if record.name == "accounts.auth"]
    assert "login failed user=zhang ip=10.0.0.7" in messages
    assert "login succeeded user=zhang ip=10.0.0.7" in messages


def test_a_replayed_cookie_after_logout_gives_no_access(client):
    """Logout deletes the session: the old cookie sent again is not signed in."""
    UserFactory(username="zhang")
    _login(client, "zhang", TEST_PASSWORD)
    old_cookie = client.cookies["sessionid"].value

    client.post(reverse("accounts:logout"))
    client.cookies["sessionid"] = old_cookie
    response = client.get("/")

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=old_cookie).exists()


def test_an_idle_session_ends_after_thirty_minutes(client):
    """31 idle minutes send the user back to the sign-in page."""
    UserFactory(username="zhang")
    _login(client, "zhang", TEST_PASSWORD)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_an_active_session_ends_after_twelve_hours(client):
    """Even a busy session ends 12 hours after sign-in."""
    UserFactory(username="zhang")
    _login(client, "zhang", TEST_PASSWORD)
    session = client.session
    session[LOGIN_AT] = int(time.time()) - 12 * 3600 - 60
    session[LAST_SEEN] = int(time.time())
    session.save()

    response = client.get("/")

    assert response.status_code == 302


def test_an_active_session_within_its_limits_continues(client):
    """29 idle minutes are fine."""
    UserFactory(username="zhang")
    _login(client, "zhang", TEST_PASSWORD)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()

    assert client.get("/").status_code == 200


def test_signed_in_pages_are_never_stored_by_the_browser(client, staff_user):
    """Pages that show records carry Cache-Control: no-store."""
    client.force_login(staff_user)

    response = client.get("/")

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_deactivated_user_cannot_sign_in(client):
    """Deactivated users are refused."""
    UserFactory(username="zhang", is_active=False)

    response = _login(client, "zhang", TEST_PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_change_works_and_keeps_the_user_signed_in(client):
    """A user changes their password from the staff layout."""
    user = UserFactory(username="zhang")
    client.force_login(user)

    response = client.post(reverse("accounts:password_change"), {
        "old_password": TEST_PASSWORD,
        "new_password1": "Another-Pass-2026!",
        "new_password2": "Another-Pass-2026!",
    })

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-Pass-2026!")
    assert client.get("/").status_code == 200


def test_password_change_names_the_field_in_error(client):
    """A wrong old password is reported on that field."""
    client.force_login(UserFactory(username="zhang"))

    response = client.post(reverse("accounts:password_change"), {
        "old_password": "nope", "new_password1": "Another-Pass-2026!",
        "new_password2": "Another-Pass-2026!"})

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors


def test_an_expired_session_sends_htmx_requests_to_the_sign_in_page(client):
    """A fragment request after expiry redirects the whole page, not the fragment."""
    UserFactory(username="zhang")
    _login(client, "zhang", TEST_PASSWORD)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()

    response = client.get("/", HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"].startswith(LOGIN)
