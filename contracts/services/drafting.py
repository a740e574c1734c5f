"""The drafter's writes of a draft (第四条–第九条): create, change, void; and the departments'
data of a draft: the construction-period estimate (第五条), the market and finance data of a
take-or-pay contract (第九条)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contracts.actions import contract_may_draft
from contracts.models import BudgetEstimate, Contract, Kind
from contracts.selectors import draftable_customers
from contracts.services._common import _check_reason_length, _locked
from contracts.services.pricing import (
    _compute_amount,
    _priced_lines,
    _save_lines,
    _set_schedule,
)
from core.reasons import reason as reason_code
from core.sequences import next_number
from core.services import save_recorded as _save

EDITABLE_FIELDS = ("title", "contract_date", "starts_on", "ends_on", "premises",
                   "construction_period_required", "ownership_dispute",
                   # What the clauses print (issue 13, point 5).
                   "project_name", "project_site", "works_from", "works_to",
                   "delivery_point", "supply_starts_on")


def _check_creator(contract_type, by) -> None:
    """第四条, 第九条: who drafts which type (contracts.actions.contract_may_draft)."""
    if contract_may_draft(user=by, contract_type=contract_type):
        return
    if contract_type.kind == Kind.TAKE_OR_PAY:
        raise PermissionDenied(_("Only the vice president (operations) drafts take-or-pay "
                                 "contracts (第九条)."))
    raise PermissionDenied


def _check_customer(contract_type, customer, by) -> None:
    """第十一条 and 第九条: a contract is drafted for a customer the drafter may read, or, for
    take-or-pay, by the vice president for an eligible customer; never for a closed customer
    (销户: its page offers no "Draft a contract" either)."""
    if customer.is_closed:
        raise ValidationError({"customer": _("The customer is closed: no new contract.")})
    if not draftable_customers(user=by, contract_type=contract_type).filter(
            pk=customer.pk).exists():
        raise ValidationError({"customer": _("You may not draft this type of contract for this "
                                             "customer (第九条, 第十一条).")})


@transaction.atomic
def contract_create(*, by, contract_type, customer, title: str, price_lines=(),
                    budget: BudgetEstimate | None = None, installments=(), steps=(),
                    **fields) -> Contract:
    """Draft a contract. The amount is computed (第六条): no caller can set it; the number is
    <prefix>-<year>-<6 digits>; a one-payment contract gets a single installment."""
    _check_creator(contract_type, by)
    _check_customer(contract_type, customer, by)
    fields.pop("amount", None)  # never accepted: the amount comes from the standard
    contract = Contract(contract_type=contract_type, customer=customer, title=title,
                        created_by=by, **fields)
    year = (contract.contract_date or timezone.localdate()).year
    contract.number = (f"{contract_type.prefix}-{year}-"
                       f"{next_number(contract_type.prefix, year):06d}")
    if contract.construction_period_required and not contract.planning_estimate_days:
        contract.move_to(Contract.Status.ESTIMATING)  # 第五条: waiting for 规划建设部
    lines = _priced_lines(contract, price_lines=price_lines, budget=budget, by=by)
    contract.amount = _compute_amount(contract, lines)
    _save(contract, "drafted", by)  # one version: drafted with its amount
    _save_lines(contract, lines, by=by)
    if contract.payment_method == Contract.Payment.ONE and contract.amount and not installments:
        with translation.override(settings.LANGUAGE_CODE):  # printed on a Chinese contract
            installments = [{"amount": contract.amount, "milestone": _("One payment")}]
    _set_schedule(contract, installments=installments, steps=steps, by=by)
    return contract


@transaction.atomic
def contract_update(*, contract: Contract, by, **fields) -> Contract:
    """The drafter changes a draft (also after a rejection, before resubmitting as a new round).
    Type, customer and amount are not among the changeable fields."""
    contract = _locked(contract, by=by, action="edit")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Not changeable here: %(fields)s") % {"fields": ", ".join(unknown)})
    for name, value in fields.items():
        setattr(contract, name, value)
    waiting = contract.construction_period_required and not contract.planning_estimate_days
    target = Contract.Status.ESTIMATING if waiting else Contract.Status.DRAFT
    if contract.status != target:
        contract.move_to(target)
    _save(contract, "changed", by)
    return contract


@transaction.atomic
def contract_void(*, contract: Contract, by, reason: str) -> Contract:
    """已作废: the drafter abandons a draft; it stays on record with the reason."""
    contract = _locked(contract, by=by, action="void")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for voiding the draft.")})
    _check_reason_length(reason)
    contract.move_to(Contract.Status.VOID)
    _save(contract, reason_code("voided", reason), by)
    return contract


@transaction.atomic
def contract_record_estimate(*, contract: Contract, by, days: int) -> Contract:
    """第五条: 规划建设部 estimates the construction period of a draft that requires one."""
    contract = _locked(contract, by=by, action="estimate")
    contract.planning_estimate_days = days
    contract.planning_estimated_by = by
    if contract.is_awaiting_estimate:
        contract.move_to(Contract.Status.DRAFT)
    _save(contract, "construction_period_estimated", by)
    return contract


@transaction.atomic
def contract_record_market_data(*, contract: Contract, by, **data) -> Contract:
    """第九条: the market department's data of a take-or-pay contract."""
    allowed = {"annual_quantity", "monthly_plan", "daily_max", "daily_min", "max_hourly_flow",
               "pressure_mpa", "delivery_point"}
    contract = _locked(contract, by=by, action="market_data")
    return _record_data(contract, by, "market_data_by", allowed, data)


@transaction.atomic
def contract_record_finance_data(*, contract: Contract, by, **data) -> Contract:
    """第九条: the finance department's data of a take-or-pay contract."""
    allowed = {"gas_price", "take_or_pay_percent", "price_adjustment", "settlement_period"}
    contract = _locked(contract, by=by, action="finance_data")
    return _record_data(contract, by, "finance_data_by", allowed, data)


def _record_data(contract, by, marker, allowed, data) -> Contract:
    """Fill a department's fields of the locked contract and recompute the amount."""
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(_("Not yours to fill: %(fields)s") % {"fields": ", ".join(unknown)})
    for name, value in data.items():
        setattr(contract, name, value)
    setattr(contract, marker, by)
    contract.amount = _compute_amount(contract)
    _save(contract, f"{marker.removesuffix('_by')}_recorded", by)
    return contract
