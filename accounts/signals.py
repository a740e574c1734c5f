"""Login successes and failures go to the "accounts.auth" log; a login starts the session clocks;
a change of a user, a role or a user's groups forgets the page frame's memos (core.frame)."""

import logging

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.models import Role, User
from accounts.sessions import start_session_clock
from core import frame
from core.request import client_ip

logger = logging.getLogger("accounts.auth")

# role_codes, roles() and the approval seats are read from these (accounts.models.User).
frame.watch(User, Group, Role, User.groups.through)


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
