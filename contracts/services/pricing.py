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


def _compute_amount(contract: Contract, price_lines=None) -> Decimal:
    """第六条: installation fees from the price standard or an issued budget; take-or-pay from
    the annual quantity and the price; supply contracts carry no fixed amount. `price_lines`
    are the lines of a contract being drafted (not saved yet), else its saved lines."""
    if contract.kind in INSTALLATION_KINDS:
        if contract.budget_id:
            return contract.budget.total
        if price_lines is None:
            price_lines = contract.price_lines.all()
        return sum((line.amount for line in price_lines), Decimal("0.00"))
    if contract.kind == Kind.TAKE_OR_PAY and contract.annual_quantity and contract.gas_price:
        return (contract.annual_quantity * contract.gas_price).quantize(Decimal("0.01"))
    return Decimal("0.00")


def _priced_lines(contract: Contract, *, price_lines, budget: BudgetEstimate | None,
                  by) -> list[PriceLine]:
    """The pricing of an installation contract being drafted: the issued budget set on the
    contract, and its price lines at the standard in force on the contract date, not saved
    yet, so that the contract's first version already carries the amount they make."""
    if contract.kind not in INSTALLATION_KINDS:
        return []
    if budget is not None:
        if not budget.is_issued or budget.customer_id != contract.customer_id:
            raise ValidationError({"budget": _("Use a budget issued by the budget department "
                                               "for this customer.")})
        contract.budget = budget
    lines = []
    for standard, quantity in price_lines:
        standard = _price_in_force(standard, contract.contract_date)
        lines.append(PriceLine(contract=contract, standard=standard, quantity=quantity,
                               unit_price=standard.unit_price, created_by=by))
    return lines


def _save_lines(contract: Contract, lines: list[PriceLine], *, by) -> None:
    """Save the price lines of a contract now saved (each line its own history row)."""
    for line in lines:
        line.contract = contract  # the contract has its id now
        _save(line, "priced", by)


def _set_schedule(contract: Contract, *, installments, steps, by) -> None:
    for sequence, fields in enumerate(installments, start=1):
        _save(Installment(contract=contract, sequence=sequence, created_by=by, **fields),
              "scheduled", by)
    for sequence, fields in enumerate(steps, start=1):
        _save(InstallationStep(contract=contract, sequence=sequence, created_by=by, **fields),
              "planned", by)
