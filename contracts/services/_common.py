"""What several contract services share: the length of a reason and the editable check."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from contracts.models import Contract

# The reason goes into the history row's change reason (100 characters) after a short prefix.
MAX_REASON_LENGTH = 80


def _check_reason_length(reason: str) -> None:
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({"reason": _("Keep the reason to %(max)s characters.")
                               % {"max": MAX_REASON_LENGTH}})


def _editable(contract: Contract) -> None:
    if not contract.is_editable:
        raise ValidationError(_("The contract is %(status)s: it can no longer be changed.")
                              % {"status": contract.get_status_display()}, code="not_editable")
