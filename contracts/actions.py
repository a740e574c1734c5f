"""What may this user do on this contract now (issue 9, part 2): one table, read by the
services (which enforce it), the views (which refuse before calling them) and the templates
(which render one button per allowed action, marked `data-action`).

Each rule has two halves: *who* (the drafter, or a department of 第五–十条) and *when* (the
contract's lifecycle predicate). A service that finds the first half missing raises
PermissionDenied (a 403); the second half missing is a ValidationError naming the state, shown
to the user as a message, because the button may have been pressed on a page a colleague has
since moved on."""

from collections.abc import Callable
from dataclasses import dataclass, fields

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy

from accounts.roles import (
    ARCHIVIST,
    FINANCE,
    GM,
    MARKET_MANAGER,
    OPS_VP,
    PLANNING,
    STAFF,
    SYSADMIN,
)
from contracts.models import Contract, Kind
from contracts.selectors import contract_may_print


def _drafter(user, contract: Contract) -> bool:
    return contract.created_by_id == user.pk


def _role(code: str) -> Callable:
    return lambda user, contract: user.has_role(code)


def _handover_waiting(contract: Contract) -> bool:
    handover = getattr(contract, "handover", None)
    return handover is not None and not handover.is_received


def _handover_missing(contract: Contract) -> bool:
    return contract.is_finished and getattr(contract, "handover", None) is None


@dataclass(frozen=True)
class Rule:
    """One action: who may take it, in which states, and what the refusal in the wrong state
    says (the template of a ValidationError; `%(status)s` is the contract's present status)."""

    who: Callable  # (user, contract) -> bool
    when: Callable  # (contract) -> bool
    refusal: str
    code: str = "wrong_state"


_EDITABLE = gettext_lazy("The contract is %(status)s: it can no longer be changed.")
_IN_FORCE = gettext_lazy("Only a signed contract in force can be completed, terminated or "
                         "amended; this one is %(status)s.")

RULES: dict[str, Rule] = {
    # The drafter's own draft (第四–九条): edit, submit along the route of 第四条, void.
    "edit": Rule(_drafter, lambda c: c.is_editable, _EDITABLE, "not_editable"),
    "submit": Rule(_drafter, lambda c: c.is_editable, _EDITABLE, "not_editable"),
    "void": Rule(_drafter, lambda c: c.is_editable, _EDITABLE, "not_editable"),
    # The departments' data of a draft: 第五条 (planning), 第九条 (market, finance).
    "estimate": Rule(_role(PLANNING), lambda c: c.is_editable and c.construction_period_required,
                     _EDITABLE, "not_editable"),
    "market_data": Rule(_role(MARKET_MANAGER),
                        lambda c: c.is_editable and c.kind == Kind.TAKE_OR_PAY,
                        _EDITABLE, "not_editable"),
    "finance_data": Rule(_role(FINANCE), lambda c: c.is_editable and c.kind == Kind.TAKE_OR_PAY,
                         _EDITABLE, "not_editable"),
    # Approved: the drafter records the signing and the clauses are frozen.
    "sign": Rule(_drafter, lambda c: c.is_approved,
                 gettext_lazy("Only an approved contract can be signed."), "not_approved"),
    # 财务部 records payments from approval on (第六条: installation fees before the works).
    "pay": Rule(_role(FINANCE), lambda c: c.accepts_payments,
                gettext_lazy("Payments are recorded on approved or signed contracts.")),
    # In force: completed, terminated, amended by its drafter.
    "complete": Rule(_drafter, lambda c: c.is_in_force, _IN_FORCE),
    "terminate": Rule(_drafter, lambda c: c.is_in_force, _IN_FORCE),
    "amend": Rule(_drafter, lambda c: c.is_in_force, _IN_FORCE, "not_signed"),
    "sign_amendment": Rule(_drafter, lambda c: c.is_in_force, _IN_FORCE, "not_signed"),
    # 第十条: the hand-over list, then the archivist's receipt; read-only afterwards.
    "handover": Rule(_drafter, _handover_missing, gettext_lazy(
        "Only a completed or terminated contract without a hand-over list is handed over to "
        "the archive (第十条).")),
    "receive": Rule(_role(ARCHIVIST), _handover_waiting,
                    gettext_lazy("There is no hand-over list waiting for receipt.")),
    "attach": Rule(_drafter, lambda c: not c.is_closed, gettext_lazy(
        "The contract is %(status)s: its material is read-only (第十条).")),
}


@dataclass(frozen=True)
class ContractActions:
    """The actions allowed to one user on one contract now: one flag per RULES entry, and per
    button (`data-action` in the template), and `print`, decided by
    contracts.selectors.contract_may_print (a GET, not a state change: it reads the customer's
    access, so only the page asks it, never a service)."""

    edit: bool = False
    submit: bool = False
    void: bool = False
    estimate: bool = False
    market_data: bool = False
    finance_data: bool = False
    sign: bool = False
    pay: bool = False
    complete: bool = False
    terminate: bool = False
    amend: bool = False
    sign_amendment: bool = False
    handover: bool = False
    receive: bool = False
    attach: bool = False
    print: bool = False

    def allowed(self) -> set[str]:
        return {field.name for field in fields(self) if getattr(self, field.name)}


def contract_may(*, user, contract: Contract, action: str) -> bool:
    """Whether `user` may take `action` (a key of RULES) on `contract` now: both halves."""
    rule = RULES[action]
    return rule.who(user, contract) and rule.when(contract)


def contract_actions(*, user, contract: Contract, customer_view=None) -> ContractActions:
    """The actions `user` may take on `contract` in its present state (both halves of each
    rule), and whether they may print it (`customer_view`: the page's, to save its queries).
    The caller has already established that the user sees the contract
    (contracts.selectors.contract_get)."""
    return ContractActions(
        print=contract_may_print(user=user, contract=contract, customer_view=customer_view),
        **{name: contract_may(user=user, contract=contract, action=name) for name in RULES})


def contract_action_require(*, user, contract: Contract, action: str) -> None:
    """Refuse `action` unless allowed: PermissionDenied for the wrong user, a ValidationError
    naming the contract's status for the wrong state. Services call this first, on the row
    they have locked."""
    rule = RULES[action]
    if not rule.who(user, contract):
        raise PermissionDenied
    if not rule.when(contract):
        raise ValidationError(rule.refusal % {"status": contract.get_status_display()},
                              code=rule.code)


def contract_may_draft(*, user, contract_type=None) -> bool:
    """Who drafts contracts (第四条): the business staff and the vice president (operations);
    take-or-pay only the vice president (第九条)."""
    if contract_type is not None and contract_type.kind == Kind.TAKE_OR_PAY:
        return user.has_role(OPS_VP)
    return user.has_role(STAFF) or user.has_role(OPS_VP)


# The company profile (甲方 of every contract) is kept by the general manager and the system
# administrator (issue 13, point 5).
COMPANY_PROFILE_EDITORS = frozenset({GM, SYSADMIN})


def company_profile_may_edit(*, user) -> bool:
    """Whether `user` may change the company profile: gm or sysadmin (the page, the admin and
    company_profile_update all ask this)."""
    return bool(user and user.is_authenticated and user.is_active
                and COMPANY_PROFILE_EDITORS & user.role_codes)
