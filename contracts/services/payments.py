"""财务部's payments against a contract's installments (第六条)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contracts.models import Contract, Installment
from contracts.services._common import _locked
from core.services import save_recorded as _save


@transaction.atomic
def installment_pay(*, contract: Contract, sequence: int, amount: Decimal, by) -> Installment:
    """财务部 records a payment against one installment (never more than is due)."""
    contract = _locked(contract, by=by, action="pay")
    installment = contract.installments.select_for_update().filter(sequence=sequence).first()
    if installment is None:
        raise ValidationError({"installment": _("The contract has no installment %(number)s.")
                               % {"number": sequence}})
    if amount <= 0 or installment.paid_amount + amount > installment.amount:
        raise ValidationError({"amount": _("The payment exceeds what is due on this "
                                           "installment (%(due)s).")
                               % {"due": installment.amount - installment.paid_amount}})
    installment.paid_amount += amount
    _save(installment, "payment_recorded", by)
    if contract.status == Contract.Status.SIGNED:
        contract.move_to(Contract.Status.PERFORMING)
        _save(contract, "first_payment_performing", by)
    return installment
