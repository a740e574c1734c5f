"""What several contract services share: the locked row checked against the action table, and
the length of a reason."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from contracts.actions import contract_action_require
from contracts.models import Contract

# The reason goes into the history row's change reason (100 characters) after a short prefix.
MAX_REASON_LENGTH = 80


def _locked(contract: Contract, *, by, action: str) -> Contract:
    """The contract's row, locked until the end of the transaction, once the one table of
    contracts.actions lets `by` take `action` on it now: PermissionDenied for the wrong user,
    a ValidationError naming the status for the wrong state. Call inside the service's
    transaction; the checks read the locked row, so two clicks cannot both pass."""
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    contract_action_require(user=by, contract=locked, action=action)
    return locked


def _check_reason_length(reason: str) -> None:
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({"reason": _("Keep the reason to %(max)s characters.")
                               % {"max": MAX_REASON_LENGTH}})
