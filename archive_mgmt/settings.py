"""Settings of the 档案信息管理 records system.

Everything that differs between machines comes from the environment (django-environ):
DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, the e-mail settings and a few more below.
DEBUG is off unless the environment asks for it, and with DEBUG off the development secret key
is refused (a key generated on this machine in `local_secret_key` is read when the environment
has none: `make run` writes it).
"""

import datetime
from datetime import timedelta
from pathlib import Path

import environ
import xstatic.pkg.bootstrap
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"  # noqa: S105

# Only the real environment counts: no `.env` file is read, so a server started from a
# developer's checkout cannot inherit DEBUG=True (and with it the public development key).
# `make run` and the other Makefile targets pass DEBUG=True on their command lines.
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# Without SECRET_KEY in the environment, a key generated once on this machine (`make run`
# writes the git-ignored file `local_secret_key`: the demo runs with DEBUG off, as production
# does), else the public development key, accepted only with DEBUG on.
LOCAL_SECRET_KEY_FILE = BASE_DIR / "local_secret_key"


def _secret_key() -> str:
    if "SECRET_KEY" in env:
        return env.str("SECRET_KEY")
    if LOCAL_SECRET_KEY_FILE.is_file():
        return LOCAL_SECRET_KEY_FILE.read_text(encoding="utf-8").strip() or DEV_SECRET_KEY
    return DEV_SECRET_KEY


SECRET_KEY = _secret_key()
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development key: set SECRET_KEY in the environment "
        "(50 or more random characters), or DEBUG=True on a development machine."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Number of reverse proxies (load balancers) in front of the app whose X-Forwarded-For is trusted.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "guardian",
    "simple_history",
    "axes",
    "csp",
    "accounts",
    "core",
    "approvals",
    "customers",
    "contracts",
    "complaints",
    "complaints.surveys",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware_security.ContentSecurityPolicyMiddleware",
    "core.middleware_security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    "core.middleware.InvalidCharactersMiddleware",
    # Axes last: it turns a lockout raised during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive_mgmt.urls"
WSGI_APPLICATION = "archive_mgmt.wsgi.application"
ASGI_APPLICATION = "archive_mgmt.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "notifications.context_processors.notifications",
            ],
        },
    },
    {
        # Row templates printed many times a page (core/jinja.py), rendered by name through
        # django.template.engines["jinja2"]; the Django engine above never looks here.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "core.jinja.environment"},
    },
]

# --- Cache ---------------------------------------------------------------------------------
# Counters that must hold across requests (the access-hint rate limit of 第十一条) live here.
# One process: memory is enough. Several processes or servers: share one cache, e.g.
# CACHE_URL=dbcache://django_cache (after `manage.py createcachetable`), or the limit
# is counted per process.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once when two requests write together, and take
    # the write lock when a transaction starts, so concurrent transactions queue up instead of
    # failing half-way with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Short OLTP queries: JIT compilation costs more (80–200 ms) than it ever saves here.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, passwords, sessions ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserBackend",  # ModelBackend, its user read compiled once
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions live in the database so that several app servers share them; logout deletes the
# row, so a replayed cookie finds nothing.
SESSION_ENGINE = "accounts.sessions"  # Django's database sessions, read in plain SQL
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# django-guardian: the application is login-only, there is no anonymous user.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# django-axes: 5 failures for one username from one address lock that pair for 15 minutes;
# 20 failures from one address over all usernames (password spraying) lock the address for
# 15 minutes (accounts.lockout; axes itself has one limit for all its combinations).
AXES_HANDLER = "accounts.lockout.UsernameAndAddressLockoutHandler"
AXES_FAILURE_LIMIT = 5
LOCKOUT_ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_CLIENT_IP_CALLABLE = "core.request.client_ip"
AXES_VERBOSE = False

# History reasons and access-log bases are registered codes (core.reasons): an unregistered one
# raises when DEBUG is on (and in the tests), and is logged otherwise.
STRICT_RECORD_CODES = env.bool("STRICT_RECORD_CODES", default=DEBUG)

# --- Language, time -----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),  # Bootstrap 5 from xstatic-bootstrap, no CDN
]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"  # never served directly: files go through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- E-mail -------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="档案信息管理 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security (check --deploy) -----------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): everything from this origin only, no inline script or
# style, no eval; htmx and Bootstrap are served from here (static files), htmx is told not to
# inject its indicator styles or evaluate code (templates/base.html, meta htmx-config).
# Bootstrap's icons are data: SVG images. Print templates become PDFs (WeasyPrint), no CSP.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Permissions-Policy (core.middleware_security): no page may use these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "hid", "magnetometer", "microphone", "midi", "payment", "serial", "usb",
        "xr-spatial-tracking",
    )
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NUM_PROXIES else None
    # Cookies only over HTTPS; SECURE_COOKIES=False for the local demo over plain HTTP
    # (`make run`, which also sets SECURE_SSL_REDIRECT=False and SECURE_HSTS_SECONDS=0).
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# --- Uploads and documents ------------------------------------------------------------------
PDF_FONT_FAMILY_SERIF = "Noto Serif CJK SC"
PDF_FONT_FAMILY_SANS = "Noto Sans CJK SC"

# --- Logging: login successes and failures go to the "accounts.auth" logger -----------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "accounts.auth": {"handlers": ["console"], "level": "INFO", "propagate": True},
        "core": {"handlers": ["console"], "level": "INFO", "propagate": True},
    },
}

SITE_TITLE = _("Records Management")

# --- Working hours for approval time limits (Monday=0 … Friday=4) ---------------------------
WORK_DAYS = tuple(env.list("WORK_DAYS", cast=int, default=[0, 1, 2, 3, 4]))
WORK_DAY_START = datetime.time.fromisoformat(env.str("WORK_DAY_START", default="09:00"))
WORK_DAY_END = datetime.time.fromisoformat(env.str("WORK_DAY_END", default="17:30"))

# Absolute address of the site for links in e-mails sent outside a request (the daily
# reminders), e.g. https://records.example.com. A mail sent while serving a request links to
# the address that request came to (core.links). No default: a guessed host or port would
# send people to the wrong place (`make run` sets it to the port it serves).
SITE_URL = env.str("SITE_URL", default="")

# --- Attachments (uploaded letters, drawings, scans) -----------------------------------------
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)

# 篇二 §6: at least one satisfaction survey a year. After this day ("MM-DD") the office's and
# the GM's home page warns while no campaign of the year has started.
SURVEYS_CAMPAIGN_START_BY = env.str("SURVEYS_CAMPAIGN_START_BY", default="06-30")
