"""Completion, termination and hand-over to the archive (第十条, R8); who may add material to
a contract until it is archived."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contracts.models import Contract, HandOver
from contracts.services._common import _check_reason_length, _locked
from core.attachments import attachments_for
from core.reasons import reason as reason_code
from core.services import save_recorded as _save
from notifications.models import Notification
from notifications.services import notify


@transaction.atomic
def contract_finish(*, contract: Contract, by, terminated: bool = False,
                    reason: str = "") -> Contract:
    """The drafter marks a signed contract completed, or terminated with a reason."""
    contract = _locked(contract, by=by, action="terminate" if terminated else "complete")
    if terminated and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the termination.")})
    _check_reason_length(reason)
    contract.move_to(Contract.Status.TERMINATED if terminated else Contract.Status.COMPLETED)
    _save(contract, reason_code("terminated", reason) if terminated else "completed", by)
    return contract


@transaction.atomic
def handover_prepare(*, contract: Contract, by, notes: str = "") -> HandOver:
    """移交清单: the contract and every valid attachment, numbered, for the archivist; once
    per contract (the action table refuses a second list)."""
    contract = _locked(contract, by=by, action="handover")
    items = [{"no": 0, "label": _("Contract %(number)s (signed original)")
              % {"number": contract.number}}]
    items += [{"no": attachment.sequence, "label": f"{attachment.label} "
               f"{attachment.title or attachment.original_name}",
               "sha256": attachment.sha256}
              for attachment in attachments_for(contract, include_void=False)]
    handover = HandOver(contract=contract, items=items, notes=notes, prepared_by=by,
                        created_by=by)
    _save(handover, "prepared", by)
    return handover


@transaction.atomic
def handover_receive(*, handover: HandOver, by, location: str) -> HandOver:
    """The archivist checks the material and confirms receipt; the contract is archived and
    read-only for everyone from now on."""
    contract = _locked(handover.contract, by=by, action="receive")
    handover.refresh_from_db()  # as stored once locked: a colleague may have received it
    handover.mark_received(by=by, location=location)
    _save(handover, "received", by)
    contract.move_to(Contract.Status.ARCHIVED)
    _save(contract, "archived", by)
    notify(recipients={handover.prepared_by_id, contract.created_by_id} - {by.pk},
           kind=Notification.Kind.HANDOVER_RECEIVED, by=by,
           event_key=f"handover:{handover.pk}:received",
           subject=f"{contract.number} {contract.title}", url=contract.get_absolute_url())
    return handover

