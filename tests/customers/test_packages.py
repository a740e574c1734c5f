"""The customer services and the import are packages of modules by subject: callers keep
importing every name from the package (module sizes: tests/core/test_module_size.py)."""

import importlib

import pytest

SERVICES_API = (
    "IDENTITY_FIELDS", "TRANSFER_TARGET_ERROR", "access_request_closed", "access_request_create",
    "access_request_granted", "account_ignite", "account_open",
    "account_transfer", "alarm_add", "appliance_add", "contact_add", "contact_update",
    "customer_create", "customer_on_archive_decided", "customer_on_archive_submitted",
    "customer_on_archive_withdrawn", "customer_set_status", "customer_submit_archive",
    "customer_update", "grants_expire", "meter_change", "meter_install", "notice_issue",
    "premises_create", "transaction_add", "visit_save",
)
IMPORTING_API = (
    "ALIASES", "COLUMNS", "COLUMN_ORDER", "CONTACT_FIELDS", "CUSTOMER_TEXT", "FALSE_WORDS",
    "HEADER_OF", "IMPORT_LANGUAGE", "MAX_BYTES", "MAX_MEGABYTES", "MAX_READ_SECONDS", "MAX_ROWS",
    "MAX_SHEET_ROWS", "MAX_UNZIPPED_BYTES", "REQUIRED_COLUMNS", "SERVICE_KEYS", "TRUE_WORDS",
    "Errors", "ImportResult", "ImportRow", "customer_import", "read_table",
)


def test_the_read_only_helpers_live_in_the_selectors_not_the_services():
    """Issue 9: what only reads (problems before opening an account, who may attach to a
    notice) is a selector; the services package does not offer it."""
    from customers import selectors, services

    for name in ("account_open_problems", "notice_may_attach"):
        assert hasattr(selectors, name)
        assert not hasattr(services, name)


@pytest.mark.parametrize(("package_name", "names"), [
    ("customers.services", SERVICES_API), ("customers.importing", IMPORTING_API)])
def test_the_package_exports_every_name_its_callers_import(package_name, names):
    """Each name of the former single module is importable from the package and listed in its
    `__all__`."""
    package = importlib.import_module(package_name)

    missing = [name for name in names if not hasattr(package, name)]

    assert missing == []
    assert set(names) <= set(package.__all__)

