"""Every write of the customer archive, each atomic, validated and recorded in history.

One module per subject: `archive` (customers, contacts, transactions, visits), `notices`
(premises, gas delivery notices and the requests for them), `accounts` (gas accounts, meters,
appliances, alarms), `corrections` (corrected or voided entries, an account's status) and
`access` (access requests and grants, 第十一条). Callers import from `customers.services`; the
read-only checks the services rely on are in `customers.selectors`.
"""

from customers.services.access import (
    access_request_closed,
    access_request_create,
    access_request_granted,
    grants_expire,
    grants_expiring_notify,
)
from customers.services.accounts import (
    TRANSFER_TARGET_ERROR,
    account_ignite,
    account_open,
    account_transfer,
    alarm_add,
    appliance_add,
    meter_change,
    meter_install,
)
from customers.services.archive import (
    IDENTITY_FIELDS,
    contact_add,
    contact_update,
    customer_create,
    customer_on_archive_decided,
    customer_on_archive_submitted,
    customer_on_archive_withdrawn,
    customer_reopen,
    customer_set_status,
    customer_submit_archive,
    customer_update,
    transaction_add,
    visit_save,
)
from customers.services.corrections import account_set_status, entry_correct, entry_void
from customers.services.notices import (
    notice_issue,
    notice_request_create,
    notice_request_decline,
    notice_request_issue,
    premises_create,
)

__all__ = [
    "IDENTITY_FIELDS",
    "TRANSFER_TARGET_ERROR",
    "access_request_closed",
    "access_request_create",
    "access_request_granted",
    "account_ignite",
    "account_open",
    "account_set_status",
    "account_transfer",
    "alarm_add",
    "appliance_add",
    "contact_add",
    "contact_update",
    "customer_create",
    "customer_on_archive_decided",
    "customer_on_archive_submitted",
    "customer_on_archive_withdrawn",
    "customer_reopen",
    "customer_set_status",
    "customer_submit_archive",
    "customer_update",
    "entry_correct",
    "entry_void",
    "grants_expire",
    "grants_expiring_notify",
    "meter_change",
    "meter_install",
    "notice_issue",
    "notice_request_create",
    "notice_request_decline",
    "notice_request_issue",
    "premises_create",
    "transaction_add",
    "visit_save",
]
