"""Sign-in lockout: per username and address (django-axes), and per address across usernames.

axes compares every combination in AXES_LOCKOUT_PARAMETERS with the one AXES_FAILURE_LIMIT, so
adding "ip_address" there would lock a whole office behind one NAT after 5 mistypes, and axes'
reset on a successful sign-in would let an insider clear the address count with their own
password. Hence this handler (AXES_HANDLER): axes' lock of 5 failures per username and address is
kept as it is, and a second, higher limit counts the failures from one address over all
usernames, so password spraying (a few tries for each of many usernames) is stopped too.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum


class UsernameAndAddressLockoutHandler(AxesDatabaseHandler):
    """axes' database handler plus LOCKOUT_ADDRESS_FAILURE_LIMIT failures per address.

    Guarantees: an address with that many failures within AXES_COOLOFF_TIME, whatever the
    usernames and user agents, is refused (the lockout page, 429) until its failures are older
    than the cool-off time; a successful sign-in removes only the failures of its own username
    from that address, never those of other usernames.
    """

    def get_address_failures(self, request) -> int:
        """Failures from the request's address within the cool-off time, over all usernames."""
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def _address_is_locked(self, request) -> bool:
        if not settings.AXES_LOCK_OUT_AT_FAILURE:
            return False
        if self.get_address_failures(request) < settings.LOCKOUT_ADDRESS_FAILURE_LIMIT:
            return False
        # Read by the lockout page to say that the address, not one username, is locked.
        request.axes_locked_by_address = True
        return True

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self._address_is_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        """Records the failure as axes does; the failure that reaches the address limit already
        gets the lockout page, as the fifth failure for one username does."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out:
            return
        if self.is_whitelisted(request, credentials) or not self._address_is_locked(request):
            return
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )
