"""Facts about the incoming request that several apps need (client address, user agent)."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the address the trusted proxies saw.

    With NUM_PROXIES = n, the n-th address from the right of X-Forwarded-For is taken: those are
    the ones our own load balancers appended, so a client cannot forge its address by sending
    the header itself.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "NUM_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return remote


def user_agent(request) -> str:
    """The client's user agent, cut to what the logs keep."""
    return (request.META.get("HTTP_USER_AGENT", "") or "")[:500]
