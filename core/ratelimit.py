"""Counting requests in Django's cache: fixed windows per key (a client address, a user).

Each window is a counter that starts with the first hit and expires `seconds` later (so a window
is at most `seconds` long). With several processes or servers the cache must be shared
(settings.CACHES, e.g. Redis): the in-memory default counts per process.
"""

from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Window:
    """At most `limit` hits per `seconds`; `name` keeps the windows of one key apart."""

    name: str
    limit: int
    seconds: int


def _hit(key: str, seconds: int) -> int:
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, timeout=seconds)
        return 1


def rate_limit_hit(*, scope: str, key: str, windows: tuple[Window, ...]) -> bool:
    """Count one hit of `key` in every window of `scope`; False when any window is over its
    limit (the hit is counted all the same, so a client that keeps trying stays refused)."""
    allowed = True
    for window in windows:
        count = _hit(f"ratelimit:{scope}:{window.name}:{key}", window.seconds)
        allowed = allowed and count <= window.limit
    return allowed
