"""The contract as an approval target (第四条): the engine moves its status along the route.
Registered in ContractsConfig.ready(); see approvals/targets.py for the protocol."""

from approvals.targets import ApprovalTarget, register_target
from contracts.models import Contract
from contracts.services import contract_on_approval


class ContractTarget(ApprovalTarget):
    def summary(self, contract: Contract) -> dict:
        return {"title": f"{contract.contract_type.name} {contract.number} {contract.title}",
                "number": contract.number, "customer": contract.customer.name,
                "amount": contract.amount}

    def submitted(self, contract: Contract, *, request, by) -> None:
        contract_on_approval(contract=contract, status=Contract.Status.IN_APPROVAL,
                             reason="submitted_for_approval", by=by)

    def approved(self, contract: Contract, *, request, by) -> None:
        contract_on_approval(contract=contract, status=Contract.Status.APPROVED,
                             reason="approved", by=by)

    def rejected(self, contract: Contract, *, request, by) -> None:
        contract_on_approval(contract=contract, status=Contract.Status.DRAFT,
                             reason="rejected_back_to_draft", by=by)

    def withdrawn(self, contract: Contract, *, request, by) -> None:
        contract_on_approval(contract=contract, status=Contract.Status.DRAFT,
                             reason="withdrawn_back_to_draft", by=by)


register_target(Contract, ContractTarget())
