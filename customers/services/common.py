"""What every write of the customer archive checks first."""

from django.core.exceptions import PermissionDenied

from customers.models import Customer
from customers.selectors import customer_writer


def require_editor(customer: Customer, by) -> None:
    """The writer rule (customers.selectors.customer_writer) or PermissionDenied."""
    if not customer_writer(user=by, customer=customer):
        raise PermissionDenied
