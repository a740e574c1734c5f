"""The history reasons and access-log bases of the customer archives (core.reasons)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.reasons import BASES, REASONS
from customers.models import Customer, GasAccount

REASONS.register({
    "opened": _("Account opened"),
    "first_ignition": _("First ignition"),
    "ownership_transferred": _("Transfer of ownership"),
    "installed": _("Installed"),
    "changed_out": _("Changed out"),
    "installed_meter_change": _("Installed (meter change)"),
    "meter_change": _("Meter change"),
    "granted": _("Granted"),
    "archive_confirmation_not_required": _("Archive confirmation not required"),
    "archive_submitted_for_confirmation": _("Archive submitted for confirmation"),
    "archive_confirmation_withdrawn": _("Archive confirmation withdrawn"),
    "archive_confirmed": _("Archive confirmed"),
    "archive_returned": _("Archive returned"),
    "primary_contact_changed": _("Primary contact changed"),
    # customer_set_status: "status_<status>", e.g. status_closed
    **{f"status_{value}": format_lazy(_("Status set to “{status}”"), status=label)
       for value, label in Customer.Status.choices},
    # account_set_status (corrections): "account_<status>: reason"
    **{f"account_{value}": format_lazy(_("Account status set to “{status}”"), status=label)
       for value, label in GasAccount.Status.choices},
    "reopened": _("Reopened"),
    "corrected": _("Corrected"),
    "requested": _("Requested"),
    "notice_issued": _("Delivery notice issued"),
    "declined": _("Declined"),
}, aliases={"installed (meter change)": "installed_meter_change"})

BASES.register({
    "archive_custodian": _("archive custodian"),
    "responsible_staff": _("responsible staff"),
    "general_manager": _("general manager"),
    "sales_director": _("sales director"),
    # an access grant: "grant: <its description>" (AccessGrant.basis_text)
    "grant": _("access grant"),
    "customer_list_export": _("export of the customer list"),
})
