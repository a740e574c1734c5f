import os
import secrets
import string
import subprocess
import sys

from django.conf import settings


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=120,
    )


def test_production_refuses_the_development_secret_key():
    """With DEBUG off and no SECRET_KEY the project does not start."""
    result = _manage("check", DEBUG="False")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_migration_check_runs_on_a_checkout_without_debug_or_a_key():
    """makemigrations and the other offline commands serve and sign nothing: manage.py gives
    them a throwaway key of the process, so a fresh checkout checks its migrations as is."""
    result = _manage("makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_a_serving_command_still_refuses_the_development_key():
    """The throwaway key is for the offline commands only: runserver's check still fails."""
    result = _manage("runserver", "--noreload", "--skip-checks", "127.0.0.1:0")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_deployment_check_passes_with_production_settings():
    """check --deploy prints no warning with DEBUG off, a real key and a host name."""
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    key = "".join(secrets.choice(alphabet) for _ in range(50))

    result = _manage("check", "--deploy", "--fail-level", "WARNING",
                     DEBUG="False", SECRET_KEY=key, ALLOWED_HOSTS="example.com")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_time_zone_language_and_guardian_settings():
    """Shanghai time, Chinese first with English available, no anonymous user."""
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.ANONYMOUS_USER_NAME is None


def test_production_hashes_passwords_with_argon2():
    """The first hasher of the real settings is Argon2."""
    result = _manage("shell", "-c",
                     "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])",
                     DEBUG="True")

    assert result.stdout.strip().endswith("Argon2PasswordHasher")


def test_the_cache_is_shared_when_the_environment_names_one():
    """CACHE_URL chooses the cache that holds cross-request counters (the access-hint limit);
    without it each process keeps its own memory cache."""
    script = ("from django.conf import settings; "
              "print(settings.CACHES['default']['BACKEND'])")
    shared = _manage("shell", "-v", "0", "-c", script, DEBUG="True", CACHE_URL="dbcache://django_cache")
    local = _manage("shell", "-v", "0", "-c", script, DEBUG="True")

    assert shared.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", shared.stderr
    assert local.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache", local.stderr
