"""The history reasons of users and role changes (core.reasons)."""

from django.utils.translation import gettext_lazy as _

from core.reasons import REASONS


def _request_and_role(text: str) -> str:
    """"#12 gm" (the role-change request and the role's code) → "#12 总经理"."""
    from accounts.roles import role_display_name

    number, _sep, code = text.partition(" ")
    return f"{number} {role_display_name(code)}" if code else text


REASONS.register({
    # "role_given: #12 gm": the role change request #12 gave the role gm
    "role_given": _("Role given"),
    "role_taken": _("Role taken away"),
}, formatters={"role_given": _request_and_role, "role_taken": _request_and_role})
