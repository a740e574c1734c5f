"""Ends sessions that were idle for 30 minutes or that are older than 12 hours."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from accounts.sessions import session_expired, touch_session


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = _unwrapped(request.user)
        if request.user.is_authenticated:
            if session_expired(request):
                logout(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
                login_redirect = redirect_to_login(request.get_full_path())
                if request.headers.get("HX-Request"):
                    # An htmx fragment request: make the whole page go to the sign-in page.
                    return HttpResponseClientRedirect(login_redirect["Location"])
                return login_redirect
            touch_session(request)
        return self.get_response(request)


def _unwrapped(user):
    """The user itself instead of the lazy wrapper Django's AuthenticationMiddleware puts on
    the request: the user is read on every request here anyway, and every attribute read
    through the wrapper goes through its __getattribute__ and an AttributeError (about 270
    reads on a customer page, several percent of its CPU: issue 10)."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user
