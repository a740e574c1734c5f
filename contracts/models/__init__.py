"""Contracts (篇一): the contract and its terms (contract.py); performance and hand-over to the
archive (handover.py)."""

from contracts.models.amendment import Amendment
from contracts.models.contract import (
    INSTALLATION_KINDS,
    BudgetEstimate,
    BudgetLine,
    ClauseTemplate,
    Contract,
    ContractType,
    InstallationStep,
    Installment,
    Kind,
    PriceLine,
    PriceStandard,
    installation_fees_outstanding,
)
from contracts.models.handover import HandOver

__all__ = [
    "Amendment", "INSTALLATION_KINDS", "BudgetEstimate", "BudgetLine", "ClauseTemplate", "Contract",
    "ContractType", "HandOver", "InstallationStep", "Installment", "Kind", "PriceLine",
    "PriceStandard",
    "installation_fees_outstanding",
]
