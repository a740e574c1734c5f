"""The one table of who may do what on a contract, and when (contracts.actions), enforced by
every contract service: another user is refused with PermissionDenied, the wrong state with a
ValidationError, the right user in the right state goes through; and the table shown to the
pages (contract_actions) says the same as the service does."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contracts import services
from contracts.actions import RULES, contract_actions
from contracts.models import Contract, ContractType, PriceStandard
from tests.accounts.factories import UserFactory
from tests.contracts.conftest import INSTALLATION_CLAUSE_FIELDS
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db

Status = Contract.Status


# --- Contracts in each state, built through the services -------------------------------------
def _standard() -> PriceStandard:
    return PriceStandard.objects.get_or_create(
        item="户内安装", unit="户", unit_price=Decimal("2800"),
        effective_from=datetime.date(2025, 1, 1), document_number="价〔2025〕1号",
        defaults={"approved_by": UserFactory(roles=["finance"])})[0]


def draft(**fields) -> Contract:
    """An ordinary residential installation (no approval needed), drafted by a staff member."""
    staff = UserFactory(roles=["staff"])
    return services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff), title="户内安装",
        price_lines=[(_standard(), Decimal("1"))], **(INSTALLATION_CLAUSE_FIELDS | fields))


def estimating() -> Contract:
    """A draft waiting for the planning department's construction-period estimate (第五条)."""
    return draft(construction_period_required=True)


def estimating_void() -> Contract:
    contract = estimating()
    return services.contract_void(contract=contract, by=contract.created_by, reason="重复录入")


def take_or_pay() -> Contract:
    """A take-or-pay draft of the vice president for an upstream supplier (第九条)."""
    return services.contract_create(
        by=UserFactory(roles=["ops_vp"]), contract_type=ContractType.objects.get(
            code="take_or_pay"),
        customer=make_customer(by=UserFactory(roles=["staff"]), category="upstream"),
        title="照付不议", starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2027, 12, 31))


def take_or_pay_void() -> Contract:
    contract = take_or_pay()
    return services.contract_void(contract=contract, by=contract.created_by, reason="重复录入")


def approved() -> Contract:
    contract = draft()
    assert services.contract_submit(contract=contract, by=contract.created_by) is None
    return Contract.objects.get(pk=contract.pk)


def signed() -> Contract:
    contract = approved()
    return services.contract_sign(contract=contract, by=contract.created_by)


def amended() -> Contract:
    """Signed, with an amendment waiting to be signed."""
    contract = signed()
    services.amendment_create(contract=contract, by=contract.created_by, title="延长工期",
                              text="工期顺延十五天。")
    return contract


def amended_then_completed() -> Contract:
    contract = amended()
    return services.contract_finish(contract=contract, by=contract.created_by)


def completed() -> Contract:
    contract = signed()
    return services.contract_finish(contract=contract, by=contract.created_by)


def handed_over() -> Contract:
    """Completed, its hand-over list waiting for the archivist."""
    contract = completed()
    services.handover_prepare(contract=contract, by=contract.created_by)
    return contract


def archived() -> Contract:
    contract = handed_over()
    services.handover_receive(handover=contract.handover, by=UserFactory(roles=["archivist"]),
                              location="档案室 A-01-01")
    return contract


# --- The actions: who, in which state, and the service that takes it --------------------------
@dataclass(frozen=True)
class Case:
    action: str
    right: Callable[[], Contract]  # a contract in a state that allows the action
    wrong: Callable[[], Contract]  # a contract in a state that refuses it
    role: str | None  # the department that acts; None: the contract's drafter
    call: Callable  # (contract, user) -> the service's result
    done: Callable[[Contract], bool]  # the action's effect, read from the database


def _fresh(contract: Contract) -> Contract:
    return Contract.objects.get(pk=contract.pk)


CASES = [
    Case("edit", draft, approved, None,
         lambda c, u: services.contract_update(contract=c, by=u, title="户内安装（改）"),
         lambda c: _fresh(c).title == "户内安装（改）"),
    Case("submit", draft, signed, None,
         lambda c, u: services.contract_submit(contract=c, by=u),
         lambda c: _fresh(c).status == Status.APPROVED),
    Case("void", draft, approved, None,
         lambda c, u: services.contract_void(contract=c, by=u, reason="重复录入"),
         lambda c: _fresh(c).status == Status.VOID),
    Case("estimate", estimating, estimating_void, "planning",
         lambda c, u: services.contract_record_estimate(contract=c, by=u, days=30),
         lambda c: _fresh(c).planning_estimate_days == 30),
    Case("market_data", take_or_pay, take_or_pay_void, "market_manager",
         lambda c, u: services.contract_record_market_data(contract=c, by=u,
                                                           delivery_point="城东门站"),
         lambda c: _fresh(c).delivery_point == "城东门站"),
    Case("finance_data", take_or_pay, take_or_pay_void, "finance",
         lambda c, u: services.contract_record_finance_data(contract=c, by=u,
                                                            settlement_period="每月"),
         lambda c: _fresh(c).settlement_period == "每月"),
    Case("sign", approved, draft, None,
         lambda c, u: services.contract_sign(contract=c, by=u),
         lambda c: _fresh(c).status == Status.SIGNED),
    Case("pay", approved, draft, "finance",
         lambda c, u: services.installment_pay(contract=c, sequence=1, amount=Decimal("100"),
                                               by=u),
         lambda c: c.installments.get(sequence=1).paid_amount == Decimal("100")),
    Case("complete", signed, approved, None,
         lambda c, u: services.contract_finish(contract=c, by=u),
         lambda c: _fresh(c).status == Status.COMPLETED),
    Case("terminate", signed, completed, None,
         lambda c, u: services.contract_finish(contract=c, by=u, terminated=True,
                                               reason="用户撤销报装"),
         lambda c: _fresh(c).status == Status.TERMINATED),
    Case("amend", signed, approved, None,
         lambda c, u: services.amendment_create(contract=c, by=u, title="增加表具",
                                                text="增加一台热水器。"),
         lambda c: c.amendments.count() == 1),
    Case("sign_amendment", amended, amended_then_completed, None,
         lambda c, u: services.amendment_sign(amendment=c.amendments.get(), by=u),
         lambda c: c.amendments.get().signed_on is not None),
    Case("handover", completed, signed, None,
         lambda c, u: services.handover_prepare(contract=c, by=u),
         lambda c: hasattr(_fresh(c), "handover")),
    Case("receive", handed_over, archived, "archivist",
         lambda c, u: services.handover_receive(handover=_fresh(c).handover, by=u,
                                                location="档案室 A-03-12"),
         lambda c: _fresh(c).status == Status.ARCHIVED),
]
IDS = [case.action for case in CASES]


def _actor(case: Case, contract: Contract):
    """The user the table allows: the drafter, or a member of the acting department."""
    return contract.created_by if case.role is None else UserFactory(roles=[case.role])


def _outsider(case: Case, contract: Contract):
    """A user the table does not allow: another staff member instead of the drafter; the
    drafter (who is not in the department) instead of the department."""
    return UserFactory(roles=["staff"]) if case.role is None else contract.created_by


def _history(contract: Contract) -> int:
    return Contract.history.filter(id=contract.pk).count()


def test_every_action_of_the_table_has_a_case_here():
    """A new rule in contracts.actions needs its service and its case (attach is a page's
    question, tested below)."""
    assert set(IDS) == set(RULES) - {"attach"}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_right_user_in_the_right_state_takes_the_action(case):
    """The table allows it, and the service does it."""
    contract = case.right()
    user = _actor(case, contract)

    assert case.action in contract_actions(user=user, contract=_fresh(contract)).allowed()
    case.call(contract, user)

    assert case.done(contract)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_another_user_is_refused_with_permission_denied(case):
    """Who: in the right state, a user the table does not name gets a 403 from the service
    and nothing is written."""
    contract = case.right()
    user = _outsider(case, contract)
    before = _history(contract)

    assert case.action not in contract_actions(user=user, contract=_fresh(contract)).allowed()
    with pytest.raises(PermissionDenied):
        case.call(contract, user)

    assert not case.done(contract)
    assert _history(contract) == before


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_wrong_state_is_refused_with_a_validation_error(case):
    """When: the right user, in a state the table refuses, gets a message naming why, and
    nothing is written."""
    contract = case.wrong()
    user = _actor(case, contract)
    before = _history(contract)

    assert case.action not in contract_actions(user=user, contract=_fresh(contract)).allowed()
    with pytest.raises(ValidationError):
        case.call(contract, user)

    assert _history(contract) == before


def test_a_second_hand_over_list_is_refused():
    """第十条: one hand-over list per contract; the second is a ValidationError."""
    contract = handed_over()

    with pytest.raises(ValidationError):
        services.handover_prepare(contract=contract, by=contract.created_by)

    assert contract_actions(user=contract.created_by, contract=_fresh(contract)).handover is False


def test_an_estimate_is_refused_on_a_draft_without_a_construction_period():
    """第五条: the planning department estimates only what requires a construction period."""
    contract = draft()

    with pytest.raises(ValidationError):
        services.contract_record_estimate(contract=contract, by=UserFactory(roles=["planning"]),
                                          days=30)


def test_a_refused_state_names_the_contracts_status():
    """The message of a wrong-state refusal says what the contract is now."""
    contract = approved()

    with pytest.raises(ValidationError) as caught:
        services.contract_update(contract=contract, by=contract.created_by, title="x")

    assert caught.value.code == "not_editable"
    assert str(Status.APPROVED.label) in " ".join(caught.value.messages)


@pytest.mark.parametrize(("state", "drafter_attaches"), [
    (draft, True), (signed, True), (completed, True), (archived, False)])
def test_the_drafter_attaches_material_until_the_contract_is_archived(state, drafter_attaches):
    """第十条: the table's `attach`: the drafter, until archived or void; nobody else."""
    contract = _fresh(state())

    assert contract_actions(contract=contract,
                            user=contract.created_by).attach is drafter_attaches
    assert contract_actions(contract=contract,
                            user=UserFactory(roles=["staff"])).attach is False
