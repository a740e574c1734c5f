"""The customer archive's tiles on the home page (core.home), one query each at most."""

from accounts.roles import GM, PLANNING, SALES_DIRECTOR, STAFF
from core.home import Tile, capped_count, prepared_count
from customers.models import Customer
from customers.selectors import customer_list, customers_with_incomplete_accounts


def archives_to_confirm(user) -> int:
    """Archives waiting for the sales director's confirmation (the list's filter)."""
    return capped_count(customer_list(user=user).filter(
        archive_state=Customer.ArchiveState.PENDING))


def _incomplete_of(custodian_id: int):
    return customers_with_incomplete_accounts(Customer.objects.filter(custodian_id=custodian_id))


# Composing and compiling its three EXISTS was about a fifth of the staff's home page's CPU.
_incomplete = prepared_count(_incomplete_of)


def incomplete(user) -> int:
    """My customers (I keep their archive) with an account still incomplete (第八条): the
    list's custodian filter; a custodian always reads the customer (customer_list's standing
    access), so the grants need not be read. Counted up to CAP, as capped_count counts."""
    return _incomplete(user)


def notice_requests(user) -> int:
    """Requests for a gas delivery notice still open (第七条): planning answers them."""
    from customers.models import DeliveryNoticeRequest
    from customers.notice_selectors import notice_request_list

    return capped_count(notice_request_list(user=user).filter(
        status=DeliveryNoticeRequest.Status.OPEN))


def access_request_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    from customers.models import AccessRequest

    return ContentType.objects.get_for_model(AccessRequest).pk


def access_requests(user) -> int:
    """Access requests waiting for the user's decision: the inbox filtered by their type."""
    from approvals.tiles import count_awaiting

    return count_awaiting(user, content_type_id=access_request_type_id())


def tiles() -> list[Tile]:
    from django.utils.translation import gettext_lazy as _

    path = "customers.tiles."
    return [
        Tile("customers_incomplete", _("My customers with incomplete accounts"),
             path + "incomplete", "customers:list",
             lambda user: f"custodian={user.pk}&incomplete=on", roles=frozenset({STAFF}),
             order=30),
        Tile("archives_to_confirm", _("Customer archives to confirm"),
             path + "archives_to_confirm", "customers:list", "archive_state=pending",
             roles=frozenset({SALES_DIRECTOR}), order=31),
        Tile("notice_requests", _("Delivery-notice requests to answer"),
             path + "notice_requests", "customers:notice_request_list", "status=open",
             roles=frozenset({PLANNING}), order=32),
        Tile("access_requests", _("Access requests to decide"), path + "access_requests",
             "approvals:inbox", lambda user: f"type={access_request_type_id()}",
             roles=frozenset({GM}), order=12),
    ]
