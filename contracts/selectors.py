"""Who sees which contract (issue 5, point 9): its drafter, the deciders of its route, the
archivist, the general manager, and whoever may see its customer (access grants included)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import ARCHIVIST, GM
from approvals.models import ApprovalStep
from approvals.selectors import seat_q, seats_for
from contracts.models import Contract
from customers.selectors import customer_list


def contract_list(*, user) -> QuerySet:
    """Contracts the user may open, filtered in the database."""
    if not (user and user.is_authenticated and user.is_active):
        return Contract.objects.none()
    if user.role_codes & {GM, ARCHIVIST}:
        return Contract.objects.all()
    decider = Q()
    for seat in seats_for(user):
        decider |= seat_q(seat)
    decided = ApprovalStep.objects.filter(
        decider, request__content_type=ContentType.objects.get_for_model(Contract)
    ).values("request__object_id")
    return Contract.objects.filter(
        Q(created_by=user) | Q(customer__in=customer_list(user=user).values("pk"))
        | Q(pk__in=decided)
    )


def contract_get(*, user, pk: int) -> Contract:
    """The contract if the user may see it; 404 otherwise (absence and prohibition alike)."""
    contract = (contract_list(user=user).select_related(
        "contract_type", "customer", "premises", "account", "budget", "created_by")
        .filter(pk=pk).first())
    if contract is None:
        raise Http404
    return contract
