"""第六条: the amount of a contract, computed, never typed: installation fees from the price
standard in force or an issued budget, take-or-pay from the annual quantity and the price; and
the schedule (installments, installation steps) that goes with it."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from contracts.models import (
    INSTALLATION_KINDS,
    BudgetEstimate,
    Contract,
    InstallationStep,
    Installment,
    Kind,
    PriceLine,
    PriceStandard,
)
from core.services import save_recorded as _save


def _price_in_force(standard: PriceStandard, day: datetime.date) -> PriceStandard:
    if not standard.in_force_on(day):
        raise ValidationError(_("The price standard “%(item)s” is not in force on %(day)s: "
                                "choose the version in force.")
                              % {"item": standard.item, "day": day}, code="price_not_in_force")
    return standard


def _compute_amount(contract: Contract) -> Decimal:
    """第六条: installation fees from the price standard or an issued budget; take-or-pay from
    the annual quantity and the price; supply contracts carry no fixed amount."""
    if contract.kind in INSTALLATION_KINDS:
        if contract.budget_id:
            return contract.budget.total
        return sum((line.amount for line in contract.price_lines.all()), Decimal("0.00"))
    if contract.kind == Kind.TAKE_OR_PAY and contract.annual_quantity and contract.gas_price:
        return (contract.annual_quantity * contract.gas_price).quantize(Decimal("0.01"))
    return Decimal("0.00")


def _set_pricing(contract: Contract, *, price_lines, budget: BudgetEstimate | None, by) -> None:
    if contract.kind not in INSTALLATION_KINDS:
        return
    if budget is not None:
        if not budget.is_issued or budget.customer_id != contract.customer_id:
            raise ValidationError({"budget": _("Use a budget issued by the budget department "
                                               "for this customer.")})
        contract.budget = budget
    for standard, quantity in price_lines:
        standard = _price_in_force(standard, contract.contract_date)
        line = PriceLine(contract=contract, standard=standard, quantity=quantity,
                         unit_price=standard.unit_price, created_by=by)
        _save(line, "priced", by)


def _set_schedule(contract: Contract, *, installments, steps, by) -> None:
    for sequence, fields in enumerate(installments, start=1):
        _save(Installment(contract=contract, sequence=sequence, created_by=by, **fields),
              "scheduled", by)
    for sequence, fields in enumerate(steps, start=1):
        _save(InstallationStep(contract=contract, sequence=sequence, created_by=by, **fields),
              "planned", by)
