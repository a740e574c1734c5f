"""The history reasons of users and role changes (core.reasons)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.reasons import REASONS


def _request_and_role(text: str) -> str:
    """"#12 gm" (the role-change request and the role's code) → "#12 总经理"."""
    from accounts.roles import role_display_name

    number, _sep, code = text.partition(" ")
    return f"{number} {role_display_name(code)}" if code else text


def _failures(text: str) -> str:
    """"5" → "5 failed sign-ins cleared"."""
    if not text.isdigit():
        return text
    count = int(text)
    return ngettext("%(count)d failed sign-in cleared", "%(count)d failed sign-ins cleared",
                    count) % {"count": count}


REASONS.register({
    # "role_given: #12 gm": the role change request #12 gave the role gm
    "role_given": _("Role given"),
    "role_taken": _("Role taken away"),
    # "lockout_reset: 5": sysadmin lifted the sign-in lock-out, clearing 5 failures
    "lockout_reset": _("Sign-in lock-out lifted"),
}, formatters={"role_given": _request_and_role, "role_taken": _request_and_role,
               "lockout_reset": _failures})
