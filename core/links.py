"""Absolute links for e-mails: the address of the request that caused the mail, else the
configured SITE_URL, never a guessed host or port.

A mail is often sent after the transaction commits (`transaction.on_commit`), when the code
that sends it no longer holds the request: `site_base()` is read while the request is being
served (simple-history's middleware keeps the current request) and handed to the sender.
"""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost

logger = logging.getLogger(__name__)


def current_request():
    """The request being served in this thread, or None (a command, a worker)."""
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def site_base(request=None) -> str:
    """"https://host[:port]" of `request` (or of the current one), else SITE_URL without its
    trailing slash, else "" (the link will be a bare path)."""
    request = request if request is not None else current_request()
    if request is not None:
        try:
            return f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            pass
    return (getattr(settings, "SITE_URL", "") or "").rstrip("/")


def absolute_url(path: str, *, base: str | None = None, request=None) -> str:
    """`path` of this site as a link for a mail: under `base` when given (site_base() read
    earlier), else under site_base(request)."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    base = site_base(request) if base is None else base
    if not base:
        logger.info("SITE_URL is not set: a link in a mail sent outside a request is a path")
    return f"{base}{path}"
