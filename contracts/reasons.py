"""The history reasons and access-log bases of the contracts (core.reasons)."""

from django.utils.translation import gettext_lazy as _

from core.reasons import BASES, REASONS

REASONS.register({
    "construction_period_estimated": _("Construction period estimated"),
    "market_data_recorded": _("Market data recorded"),
    "finance_data_recorded": _("Finance data recorded"),
    "budget_line": _("Budget line"),
    "terminated": _("Terminated"),
    "completed": _("Completed"),
    "archived": _("Archived"),
    "priced": _("Priced"),
    "scheduled": _("Scheduled"),
    "planned": _("Planned"),
    "payment_recorded": _("Payment recorded"),
    "first_payment_performing": _("First payment: being performed"),
    "no_approval_needed": _("No approval needed (第四条)"),
    "rejected_back_to_draft": _("Rejected: back to draft"),
    "withdrawn_back_to_draft": _("Withdrawn: back to draft"),
    # Migration 0009: the company profile seeded from the name the contracts printed.
    "seeded_from_placeholder": _("Seeded from the name printed until then"),
}, aliases={
    "void": "voided",
    "first payment: being performed": "first_payment_performing",
    "no approval needed (第四条)": "no_approval_needed",
    "rejected: back to draft": "rejected_back_to_draft",
    "withdrawn: back to draft": "withdrawn_back_to_draft",
})


def _role_names(text: str) -> str:
    """"gm, finance" → the roles' names in the reader's language."""
    from accounts.roles import role_display_name

    return "、".join(role_display_name(code.strip()) for code in text.split(",") if code.strip())


BASES.register({
    "take_or_pay_drafting": _("take-or-pay drafting (第九条)"),
    "contract_reader": _("contract reader"),
    "budget_department": _("budget department (第六条)"),
    "contract_drafter": _("drafter of the contract"),
    # "contract_roles: gm, finance": the reader's roles on the contract
    "contract_roles": _("reader of the contract"),
    "approval_step": _("approval step"),
}, formatters={"contract_roles": _role_names})
