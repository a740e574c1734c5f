"""Password spraying: failures from one address across many usernames lock that address
(issue 8, point 11), while the lock per username and address stays as it was."""

import pytest

from tests.accounts.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
SPRAYER = "10.0.0.99"


def _login(client, username, password, ip=SPRAYER):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _spray(client, usernames, tries_per_user, ip=SPRAYER):
    """Tries wrong passwords round-robin over the usernames; returns the status of each try."""
    statuses = []
    for _ in range(tries_per_user):
        for username in usernames:
            statuses.append(_login(client, username, "wrong-password", ip=ip).status_code)
    return statuses


def test_spraying_44_tries_across_11_users_locks_the_address(client, settings):
    """4 wrong passwords for each of 11 users from one address (never 5 for one user) are
    stopped before the 44th try: the address gets the Chinese lockout page with 429, even for a
    right password, while the same users still sign in from another address."""
    usernames = [f"user{number}" for number in range(11)]
    for username in usernames:
        UserFactory(username=username)

    statuses = _spray(client, usernames, tries_per_user=4)

    first_lock = statuses.index(429) + 1
    assert first_lock <= settings.LOCKOUT_ADDRESS_FAILURE_LIMIT < 44
    assert set(statuses[first_lock - 1:]) == {429}
    response = _login(client, "user0", TEST_PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录失败次数过多" in html
    assert "从这台电脑登录已被锁定 15 分钟" in html
    assert "_auth_user_id" not in client.session

    assert _login(client, "user0", TEST_PASSWORD, ip="10.0.0.1").status_code == 302


def test_failures_below_the_address_limit_do_not_lock_colleagues(client, settings):
    """Colleagues behind one NAT who mistype now and then are not locked out: one failure short
    of the address limit, a right password from that address still signs in."""
    usernames = [f"user{number}" for number in range(settings.LOCKOUT_ADDRESS_FAILURE_LIMIT - 1)]
    for username in usernames:
        UserFactory(username=username)

    statuses = _spray(client, usernames, tries_per_user=1)

    assert 429 not in statuses
    assert _login(client, "user0", TEST_PASSWORD).status_code == 302


def test_a_successful_sign_in_does_not_reset_the_address_count(client, settings):
    """An insider who signs in with their own account between tries does not clear the
    failures counted against their address."""
    insider = UserFactory(username="insider")
    usernames = [f"user{number}" for number in range(settings.LOCKOUT_ADDRESS_FAILURE_LIMIT)]
    for username in usernames:
        UserFactory(username=username)

    half = len(usernames) // 2
    statuses = _spray(client, usernames[:half], tries_per_user=1)
    assert _login(client, insider.username, TEST_PASSWORD).status_code == 302
    client.logout()
    statuses += _spray(client, usernames[half:], tries_per_user=1)

    assert statuses[-1] == 429
    assert _login(client, insider.username, TEST_PASSWORD).status_code == 429
