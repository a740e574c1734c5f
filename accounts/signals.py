"""Login successes and failures go to the "accounts.auth" log; a login starts the session clocks."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.sessions import start_session_clock
from core.request import client_ip

logger = logging.getLogger("accounts.auth")


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    start_session_clock(request)
    logger.info("login succeeded user=%s ip=%s", user.get_username(), client_ip(request))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")
    ip = client_ip(request) if request is not None else ""
    logger.warning("login failed user=%s ip=%s", username, ip)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        logger.info("logout user=%s ip=%s", user.get_username(), client_ip(request))
