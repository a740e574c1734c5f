"""Shared helpers of the customer-archive views."""

from core.access import access_log_write

PAGE_SIZE = 50


def log_read(request, customer, action, access) -> None:
    """One AccessLog entry naming the role or grant under which `customer` was read."""
    access_log_write(request=request, obj=customer, action=action, grant=access.basis)
