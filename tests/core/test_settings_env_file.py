"""A development `.env` file in the checkout never switches DEBUG on (issue 8, point 11).

The settings are copied with a `.env` beside them into a temporary directory and imported in a
fresh interpreter, as `gunicorn archive_mgmt.wsgi` started from the checkout would import them.
"""

import os
import shutil
import subprocess
import sys

from django.conf import settings

PRINT_DEBUG = "import archive_mgmt.settings as s; print('DEBUG', s.DEBUG)"


def _import_settings_beside_env_file(tmp_path, env_file, **env):
    package = tmp_path / "archive_mgmt"
    package.mkdir()
    for name in ("__init__.py", "settings.py"):
        shutil.copy(settings.BASE_DIR / "archive_mgmt" / name, package / name)
    (tmp_path / ".env").write_text(env_file)
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    environment.update(PYTHONPATH=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-c", PRINT_DEBUG], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_a_env_file_with_debug_on_does_not_turn_debug_on(tmp_path):
    """With DEBUG=True in .env but not in the environment, the settings have DEBUG off."""
    result = _import_settings_beside_env_file(
        tmp_path, "DEBUG=True\n", SECRET_KEY="a-real-key-" + "x" * 50)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "DEBUG False"


def test_a_env_file_with_debug_on_does_not_allow_the_development_key(tmp_path):
    """A server started from a checkout with the development .env and no environment refuses
    to start instead of running in debug mode with the public development key."""
    result = _import_settings_beside_env_file(tmp_path, "DEBUG=True\n")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_debug_on_in_the_environment_still_works(tmp_path):
    """A developer who asks for DEBUG on the command line (as `make run` does) gets it."""
    result = _import_settings_beside_env_file(tmp_path, "", DEBUG="True")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "DEBUG True"
