"""Route conditions: plain functions registered by each app, named in routes by their key.

    @register_condition("contracts.installment", label=_("Paid in installments (第四条)"))
    def installment(contract) -> bool:
        return contract.payment_method == Contract.Payment.INSTALLMENTS

A route names its condition by key; the function takes the target object and returns a bool.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Condition:
    key: str
    label: str
    test: Callable[[object], bool]


_REGISTRY: dict[str, Condition] = {}

ALWAYS = "approvals.always"


def register_condition(key: str, *, label=None):
    """Register the decorated function under `key` (re-registering the same key replaces it)."""

    def decorator(function):
        _REGISTRY[key] = Condition(key=key, label=label or key, test=function)
        return function

    return decorator


def get_condition(key: str) -> Condition:
    """The condition registered under `key`; a ValidationError naming it when there is none."""
    try:
        return _REGISTRY[key]
    except KeyError:
        raise ValidationError(
            _("The approval route names the condition “%(key)s”, which the system does not "
              "know. Ask an administrator to correct the route."),
            code="unknown_condition",
            params={"key": key},
        ) from None


def condition_choices() -> list[tuple[str, str]]:
    """(key, "label (key)") pairs of every registered condition, for the route admin."""
    return sorted((key, f"{condition.label} ({key})") for key, condition in _REGISTRY.items())


@register_condition(ALWAYS, label=_("Always"))
def always(target) -> bool:
    return True
