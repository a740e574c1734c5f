import io

import pytest
from django.core.management import CommandError, call_command

from accounts.management.commands.seed_demo import DEMO_PASSWORD, USERS
from accounts.models import Department, User
from accounts.roles import ROLE_CODES

pytestmark = pytest.mark.django_db


def test_demo_data_has_one_user_per_role_and_is_idempotent(settings):
    """Two runs give 12 users, each in their role, with the demo password."""
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    assert User.objects.count() == len(USERS) == len(ROLE_CODES)
    for code in ROLE_CODES:
        user = User.objects.get(username=code)
        assert user.has_role(code)
        assert user.check_password(DEMO_PASSWORD)
        assert user.department is not None
    assert Department.objects.filter(code="market").exists()
    assert User.objects.get(username="sysadmin").is_staff
    assert not User.objects.filter(is_superuser=True).exists()


def test_demo_data_refuses_to_run_with_debug_off(settings):
    """Without DEBUG (production) seed_demo needs --force."""
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())

    assert not User.objects.exists()


def test_demo_data_runs_with_force_when_debug_is_off(settings):
    """--force overrides the refusal."""
    settings.DEBUG = False

    call_command("seed_demo", "--force", stdout=io.StringIO())

    assert User.objects.filter(username="gm").exists()
