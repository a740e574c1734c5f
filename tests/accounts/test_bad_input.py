"""Sign-in with a username longer than any account's is a form error on the username (a 500
on PostgreSQL before: the failed attempt was written to a 255-character column)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["x" * 151, "x" * 10_000])
def test_a_username_longer_than_the_column_is_a_field_error(client, username):
    """The form names the username; no attempt is written with the overlong name."""
    from axes.models import AccessAttempt

    response = client.post("/accounts/login/", {"username": username, "password": "x"})

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not AccessAttempt.objects.filter(username=username).exists()
