"""Issue 13, point 10: with DEBUG off (as `make run` serves the demo) failures show the
project's own pages in the reader's language, the 500 and CSRF pages without a request context;
the demo's secret key comes from a file generated once on the machine."""

import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.translation import gettext
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_shows_the_projects_404_in_chinese(client, staff_user):
    client.force_login(staff_user)

    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 404
    html = response.content.decode()
    assert 'id="error-404"' in html
    with translation.override("zh-hans"):
        assert gettext("Page not found") in html
    assert "Page not found" not in html


def test_the_500_page_renders_without_a_request_context():
    """Django renders 500.html with an empty context: the frame needs no user, no request."""
    request = RequestFactory().get("/")
    with translation.override("zh-hans"):
        response = server_error(request)
        title = gettext("Server error")

    assert response.status_code == 500
    html = response.content.decode()
    assert 'id="error-500"' in html and title in html
    assert 'lang="zh-CN"' in html


def test_a_form_sent_without_its_token_gets_the_projects_csrf_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert 'id="error-csrf"' in response.content.decode()


def _settings_in(tmp_path, *, key_file: str | None, **env):
    package = tmp_path / "archive_mgmt"
    package.mkdir()
    for name in ("__init__.py", "settings.py"):
        shutil.copy(settings.BASE_DIR / "archive_mgmt" / name, package / name)
    if key_file is not None:
        (tmp_path / "local_secret_key").write_text(key_file)
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    environment.update(PYTHONPATH=str(tmp_path), **env)
    code = "import archive_mgmt.settings as s; print(s.DEBUG, s.SECRET_KEY)"
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_debug_off_reads_the_machines_generated_key(tmp_path):
    key = "k" * 60
    result = _settings_in(tmp_path, key_file=key + "\n")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", key]


def test_the_environments_key_wins_over_the_file(tmp_path):
    result = _settings_in(tmp_path, key_file="f" * 60, SECRET_KEY="e" * 60)

    assert result.stdout.split() == ["False", "e" * 60]


def test_debug_off_without_a_key_still_refuses_to_start(tmp_path):
    result = _settings_in(tmp_path, key_file=None)

    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr


def test_make_run_serves_the_demo_with_debug_off():
    """The README's one command: DEBUG off for the server, static files collected for WhiteNoise,
    the key generated once."""
    makefile = (settings.BASE_DIR / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]

    assert "$(DEMO_ENV) $(PY) manage.py runserver" in run
    assert "$(DEMO_ENV) $(PY) manage.py collectstatic" in run
    assert "local_secret_key" in run.splitlines()[0]
    assert "DEBUG=False" in makefile.split("DEMO_ENV :=", 1)[1].split("\n", 1)[0]
    assert "local_secret_key" in (settings.BASE_DIR / ".gitignore").read_text()
