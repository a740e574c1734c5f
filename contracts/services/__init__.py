"""Every write of a contract (第四条–第十条), one module per subject:

- drafting: create, change, void a draft; the departments' data of a draft (第五条, 第九条)
- pricing: the computed amount (第六条) and the schedule
- signing: submission along the route (第四条), the engine's moves, the signing
- payments: 财务部's payments against the installments
- handover: completion, termination, hand-over to the archive (第十条)
- amendments: 补充协议 of a signed contract
- budgets: the budget department's budgets (第六条)

Who may take which action on a contract, and when, is the one table of contracts.actions:
every service acting on an existing contract locks its row and enforces the table there
(PermissionDenied for the wrong user, ValidationError for the wrong state); contract_create
asks contracts.actions.contract_may_draft; contract_on_approval is the approval engine's.
The names below are the package's interface: import them from `contracts.services`.
"""

from contracts.completeness import (
    TAKE_OR_PAY_ANNUAL_MIN,
    TAKE_OR_PAY_DAILY_MIN,
    TAKE_OR_PAY_FIELDS,
    contract_problems,
)
from contracts.services._common import MAX_REASON_LENGTH
from contracts.services.amendments import amendment_create, amendment_sign
from contracts.services.budgets import budget_create, budget_issue, budget_may_attach
from contracts.services.drafting import (
    EDITABLE_FIELDS,
    contract_create,
    contract_record_estimate,
    contract_record_finance_data,
    contract_record_market_data,
    contract_update,
    contract_void,
)
from contracts.services.handover import (
    contract_finish,
    handover_prepare,
    handover_receive,
)
from contracts.services.payments import installment_pay
from contracts.services.signing import (
    FILLABLE_AT_SIGNING,
    contract_on_approval,
    contract_sign,
    contract_submit,
)

__all__ = [
    "EDITABLE_FIELDS", "FILLABLE_AT_SIGNING", "MAX_REASON_LENGTH", "TAKE_OR_PAY_ANNUAL_MIN",
    "TAKE_OR_PAY_DAILY_MIN", "TAKE_OR_PAY_FIELDS",
    "amendment_create", "amendment_sign", "budget_create", "budget_issue", "budget_may_attach",
    "contract_create", "contract_finish", "contract_on_approval",
    "contract_problems", "contract_record_estimate", "contract_record_finance_data",
    "contract_record_market_data", "contract_sign", "contract_submit", "contract_update",
    "contract_void", "handover_prepare", "handover_receive", "installment_pay",
]
