"""Session lifetime: 30 minutes idle, 12 hours absolute (settings SESSION_*_TIMEOUT)."""

import time

from django.conf import settings

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
