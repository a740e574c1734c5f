"""Route conditions of role changes (第十二条: tiered permissions, decided by the GM)."""

from django.utils.translation import gettext_lazy as _

from approvals.conditions import register_condition

ROLE_CHANGE = "accounts.role_change"


@register_condition(ROLE_CHANGE,
                    label=_("Giving or taking away a business role needs the general manager's "
                            "approval (第十一条, 第十二条)"))
def role_change(role_change) -> bool:
    return True
