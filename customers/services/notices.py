"""Writes of premises and gas delivery notices (第七条)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.roles import PLANNING
from core.sequences import next_number
from core.services import save_recorded
from customers.models import GasDeliveryNotice, Premises


@transaction.atomic
def premises_create(*, by, **fields) -> Premises:
    premises = Premises(created_by=by, **fields)
    save_recorded(premises, "created", by)
    return premises


@transaction.atomic
def notice_issue(*, premises: Premises, by, **fields) -> GasDeliveryNotice:
    """第七条: only 规划建设部 issues a gas delivery notice."""
    if not by.has_role(PLANNING):
        raise PermissionDenied
    year = timezone.localdate().year
    notice = GasDeliveryNotice(premises=premises, issued_by=by, created_by=by, **fields)
    notice.number = f"TZ{year}{next_number('TZ', year):06d}"
    save_recorded(notice, "issued", by)
    return notice
