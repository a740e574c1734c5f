"""Session lifetime: 30 minutes idle, 12 hours absolute (settings SESSION_*_TIMEOUT), and the
session store (settings.SESSION_ENGINE = "accounts.sessions")."""

import time

from django.conf import settings
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

LOGIN_AT = "_login_at"
LAST_SEEN = "_last_seen"
# Write the last-seen time at most once a minute, not on every request.
_TOUCH_EVERY = 60


def start_session_clock(request) -> None:
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[LAST_SEEN] = now


def session_expired(request, now: float | None = None) -> bool:
    """True when the session has been idle too long or has lived past its absolute lifetime."""
    now = time.time() if now is None else now
    session = request.session
    login_at = session.get(LOGIN_AT)
    last_seen = session.get(LAST_SEEN, login_at)
    if login_at is None:
        return True
    idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
    absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
    return now - last_seen > idle or now - login_at > absolute


def touch_session(request, now: float | None = None) -> None:
    now = int(time.time() if now is None else now)
    if now - request.session.get(LAST_SEEN, 0) >= _TOUCH_EVERY:
        request.session[LAST_SEEN] = now


class SessionStore(db.SessionStore):
    """Django's database sessions, with the session read on every request in plain SQL (the
    same row as `Session.objects.get(session_key=…, expire_date__gt=now)`): composing and
    compiling that query was about a tenth of the smallest page's CPU (issue 10). Saving,
    expiry and cycling stay Django's."""

    def _get_session_from_db(self):
        model = self.model
        using = router.db_for_read(model)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {connection.ops.quote_name(model._meta.db_table)} "
                "WHERE session_key = %s AND expire_date > %s",
                [self.session_key,
                 connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
