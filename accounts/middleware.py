"""Ends sessions that were idle for 30 minutes or that are older than 12 hours."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from accounts.sessions import session_expired, touch_session


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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
