"""Shared helpers of the customer-archive views."""

from django.core.exceptions import ValidationError

from core.access import access_log_write
from core.forms import form_errors  # noqa: F401 - used by the customer views

PAGE_SIZE = 50


def error_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(
            f"{message}" for messages_ in exc.message_dict.values() for message in messages_
        )
    return "；".join(exc.messages)


def apply_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def log_read(request, customer, action, access) -> None:
    """One AccessLog entry naming the role or grant under which `customer` was read."""
    access_log_write(request=request, obj=customer, action=action, grant=access.basis)
