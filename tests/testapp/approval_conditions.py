"""Test-only route conditions."""

from decimal import Decimal

from approvals.conditions import register_condition


@register_condition("testapp.big", label="金额不低于一万元")
def big(application) -> bool:
    return application.amount >= Decimal("10000")


@register_condition("testapp.has_reviewer", label="指定了审核人")
def has_reviewer(application) -> bool:
    return application.reviewer_id is not None
