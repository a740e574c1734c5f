"""The contracts' tiles on the home page (core.home): each count is the row count of the
contract list's tab and filter it links to (contracts.views.lists), one query at most."""

from accounts.roles import ARCHIVIST, BUDGET, FINANCE, MARKET_MANAGER, OPS_VP, PLANNING, STAFF
from contracts.models import BudgetEstimate, Contract
from contracts.selectors import (
    contract_list,
    contracts_overdue,
    contracts_payments_due,
    contracts_returned,
)
from core.home import Tile, capped_count, prepared_count

DRAFTERS = frozenset({STAFF, MARKET_MANAGER, OPS_VP})


def _mine(user):
    """The list's "mine" tab: contract_list(user=user).filter(created_by=user), which is
    every contract the user drafted (a drafter always sees his own), without reading the
    customers the user may see (one query fewer per tile). `user`: a user or their id."""
    return Contract.objects.filter(created_by=user)


_drafts = prepared_count(lambda user_id: _mine(user_id).filter(status=Contract.Status.DRAFT))
_to_sign = prepared_count(lambda user_id: _mine(user_id).filter(status=Contract.Status.APPROVED))
_budgets = prepared_count(lambda user_id: BudgetEstimate.objects.filter(prepared_by=user_id,
                                                                        is_issued=False))


def drafts(user) -> int:
    return _drafts(user)


def returned(user) -> int:
    return capped_count(contracts_returned(_mine(user)))


def to_sign(user) -> int:
    return _to_sign(user)


def handovers(user) -> int:
    return capped_count(contract_list(user=user).filter(handover__isnull=False,
                                                        handover__received_at__isnull=True))


def estimates(user) -> int:
    return capped_count(contract_list(user=user).filter(status=Contract.Status.ESTIMATING))


def overdue_installments(user) -> int:
    return capped_count(contracts_overdue(user=user))


def payments_due(user) -> int:
    return capped_count(contracts_payments_due(user=user))


def budgets(user) -> int:
    return _budgets(user)


def tiles() -> list[Tile]:
    from django.utils.translation import gettext_lazy as _

    path = "contracts.tiles."
    return [
        Tile("contract_drafts", _("My draft contracts"), path + "drafts", "contracts:list",
             "tab=mine&status=draft", roles=DRAFTERS, order=20),
        Tile("contract_returned", _("Contracts returned to me"), path + "returned",
             "contracts:list", "tab=mine&returned=1", roles=DRAFTERS, order=21),
        Tile("contract_to_sign", _("Approved, waiting for signing"), path + "to_sign",
             "contracts:list", "tab=mine&status=approved", roles=DRAFTERS, order=22),
        Tile("contract_handovers", _("Hand-overs to receive"), path + "handovers",
             "contracts:list", "tab=handover", roles=frozenset({ARCHIVIST}), order=23),
        Tile("contract_estimates", _("Construction periods to estimate"), path + "estimates",
             "contracts:list", "tab=all&status=estimating", roles=frozenset({PLANNING}),
             order=24),
        Tile("contract_payments_due", _("Installments due within 30 days"),
             path + "payments_due", "contracts:list", "tab=due",
             roles=frozenset({FINANCE}), order=25, always=False),
        Tile("contract_overdue", _("Contracts with overdue installments"),
             path + "overdue_installments", "contracts:list", "tab=overdue",
             roles=frozenset({FINANCE}), order=25),
        Tile("budgets_to_issue", _("Budgets to issue"), path + "budgets", "contracts:budgets",
             "issued=no", roles=frozenset({BUDGET}), order=26),
    ]
