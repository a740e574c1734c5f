"""Contracts (篇一): types and clause texts (types.py), prices and budgets (pricing.py), the
contract with its schedule and steps (contract.py), amendments (amendment.py), and the hand-over
to the archive (handover.py); the company's own party (company.py)."""

from contracts.models.amendment import Amendment
from contracts.models.company import CompanyProfile
from contracts.models.contract import (
    Contract,
    InstallationStep,
    Installment,
    installation_fees_outstanding,
)
from contracts.models.handover import HandOver
from contracts.models.pricing import BudgetEstimate, BudgetLine, PriceLine, PriceStandard
from contracts.models.types import INSTALLATION_KINDS, ClauseTemplate, ContractType, Kind

__all__ = [
    "Amendment", "INSTALLATION_KINDS", "BudgetEstimate", "BudgetLine", "ClauseTemplate",
    "CompanyProfile", "Contract",
    "ContractType", "HandOver", "InstallationStep", "Installment", "Kind", "PriceLine",
    "PriceStandard",
    "installation_fees_outstanding",
]
