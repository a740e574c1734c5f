"""Budgets of the budget department for non-standard jobs (第六条): prepared, then issued; a
contract takes the total of an issued budget."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import BUDGET
from contracts.models import BudgetEstimate, BudgetLine
from core.sequences import next_number
from core.services import save_recorded as _save


@transaction.atomic
def budget_create(*, by, customer, description: str, lines) -> BudgetEstimate:
    """预算员 prepares a budget for a non-standard job: line items (item, quantity, unit, unit
    price); the total is their sum."""
    if not by.has_role(BUDGET):
        raise PermissionDenied
    lines = list(lines)
    if not lines:
        raise ValidationError(_("A budget needs at least one line."))
    year = timezone.localdate().year
    budget = BudgetEstimate(customer=customer, description=description, prepared_by=by,
                            created_by=by, number=f"YS{year}{next_number('YS', year):06d}")
    _save(budget, "prepared", by)
    for fields in lines:
        _save(BudgetLine(budget=budget, created_by=by, **fields), "budget_line", by)
    return budget


@transaction.atomic
def budget_issue(*, budget: BudgetEstimate, by) -> BudgetEstimate:
    """The budget is issued: from now on a contract may take its total; it no longer changes."""
    if not by.has_role(BUDGET) or budget.prepared_by_id != by.pk:
        raise PermissionDenied
    if budget.is_issued:
        raise ValidationError(_("This budget is already issued."))
    budget.is_issued = True
    _save(budget, "issued", by)
    return budget


def budget_may_attach(*, budget: BudgetEstimate, user) -> bool:
    """Only the budget officer who prepared a budget attaches its calculations."""
    return budget.prepared_by_id == user.pk and user.has_role(BUDGET)
