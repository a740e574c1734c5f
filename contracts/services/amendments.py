"""补充协议: the signed text stays frozen; a change of a signed contract is a numbered
amendment, signed in turn."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import Amendment, Contract
from contracts.services._common import _locked
from core.services import save_recorded as _save


@transaction.atomic
def amendment_create(*, contract: Contract, by, title: str, text: str,
                     reason: str = "") -> Amendment:
    """The signed text stays frozen; a change of a signed contract is a numbered amendment."""
    contract = _locked(contract, by=by, action="amend")
    sequence = (contract.amendments.order_by("-sequence").values_list("sequence", flat=True)
                .first() or 0) + 1
    amendment = Amendment(contract=contract, sequence=sequence, title=title, text=text,
                          reason=reason, created_by=by)
    _save(amendment, "drafted", by)
    return amendment


@transaction.atomic
def amendment_sign(*, amendment: Amendment, by,
                   signed_on: datetime.date | None = None) -> Amendment:
    """Record the signing of an amendment; its text is frozen from then on."""
    _locked(amendment.contract, by=by, action="sign_amendment")
    amendment.refresh_from_db()  # as stored once the contract is locked (signed meanwhile?)
    if amendment.signed_on is not None:
        raise ValidationError(_("This amendment is already signed."))
    amendment.signed_on, amendment.signed_by = signed_on or timezone.localdate(), by
    _save(amendment, "signed", by)
    return amendment
