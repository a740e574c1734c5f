"""Settings for the test suite: the project's settings plus a fast hasher and the test-only app."""

import os

# The tests run on the development key, which the settings accept only with DEBUG on; no file
# supplies DEBUG any more, so the test settings switch it on themselves.
os.environ.setdefault("DEBUG", "True")

from archive_mgmt.settings import *  # noqa: E402,F403
from archive_mgmt.settings import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Lets the project's `flush` (core/management/commands/flush.py) empty the append-only audit.
TESTING = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STRICT_RECORD_CODES = True
