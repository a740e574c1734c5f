"""What stops a draft from being submitted (第五条, 第七条, 第九条): a read, one message per
missing item, shown on the contract page and enforced by contracts.services.contract_submit."""

from decimal import Decimal

from django.utils.translation import gettext as _

from accounts.roles import FINANCE, MARKET_MANAGER
from contracts.models import INSTALLATION_KINDS, Contract, Kind

# 第九条: take-or-pay only for upstream suppliers and large industrial or commercial users.
TAKE_OR_PAY_ANNUAL_MIN = Decimal("3000000")  # m³ a year, inclusive
TAKE_OR_PAY_DAILY_MIN = Decimal("10000")  # m³ a day, inclusive
TAKE_OR_PAY_FIELDS = ("annual_quantity", "daily_max", "daily_min", "max_hourly_flow",
                      "delivery_point", "take_or_pay_percent", "gas_price", "settlement_period")


def contract_problems(contract: Contract) -> list[str]:
    """Everything that stops submission, one Chinese message per missing item (R3, R5, R7)."""
    problems = []
    customer = contract.customer
    if customer.category == "collective" and not any(
            c.is_reachable for c in customer.contacts.all()):
        problems.append(_("A collective customer needs a contact with a name and a phone "
                          "(第五条)."))
    if contract.construction_period_required and not contract.planning_estimate_days:
        problems.append(_("The construction period must first be estimated by the planning "
                          "and construction department (第五条)."))
    if contract.kind in INSTALLATION_KINDS:
        problems += _installation_problems(contract)
    if contract.kind == Kind.SUPPLY:
        premises = contract.premises or (contract.account.premises if contract.account else None)
        if premises is None or not premises.delivery_notices.filter(is_void=False).exists():
            problems.append(_("A supply contract needs the gas delivery notice of its premises "
                              "issued by the planning and construction department (第七条)."))
    if contract.kind in (Kind.SUPPLY, Kind.TAKE_OR_PAY) and not (contract.starts_on
                                                                  and contract.ends_on):
        problems.append(_("Give the contract term (start and end dates)."))
    if contract.kind == Kind.TAKE_OR_PAY:
        problems += _take_or_pay_problems(contract)
    return problems


def _installation_problems(contract: Contract) -> list[str]:
    problems = []
    if contract.amount <= 0:
        problems.append(_("The amount is not computed yet: add the items of the price standard "
                          "or the issued budget (第六条)."))
    installments = list(contract.installments.all())
    if contract.payment_method == Contract.Payment.INSTALLMENTS:
        if len(installments) < 2:
            problems.append(_("An installment contract needs at least two installments."))
        if any(installment.due_on is None for installment in installments):
            problems.append(_("Every installment needs its payment deadline (第五条)."))
        if not contract.steps.exists():
            problems.append(_("An installment contract needs its installation steps (第五条)."))
    total = sum((installment.amount for installment in installments), Decimal("0.00"))
    if installments and total != contract.amount:
        problems.append(_("The installments add up to %(total)s, not to the amount %(amount)s.")
                        % {"total": total, "amount": contract.amount})
    return problems


def _take_or_pay_problems(contract: Contract) -> list[str]:
    problems = []
    customer = contract.customer
    large = ((contract.annual_quantity or 0) >= TAKE_OR_PAY_ANNUAL_MIN
             or (contract.daily_max or 0) >= TAKE_OR_PAY_DAILY_MIN)
    if customer.category != "upstream" and not (
            customer.category in ("industrial", "commercial") and large):
        problems.append(_("Take-or-pay is only for upstream suppliers and industrial or large "
                          "commercial users with at least 3,000,000 m³ a year or 10,000 m³ a "
                          "day (第九条)."))
    missing = [str(Contract._meta.get_field(name).verbose_name) for name in TAKE_OR_PAY_FIELDS
               if getattr(contract, name) in (None, "")]
    if missing:
        problems.append(_("Take-or-pay terms missing: %(fields)s.")
                        % {"fields": "、".join(missing)})
    if contract.market_data_by is None or not contract.market_data_by.has_role(MARKET_MANAGER):
        problems.append(_("The market data must be filled by the market department (第九条)."))
    if contract.finance_data_by is None or not contract.finance_data_by.has_role(FINANCE):
        problems.append(_("The financial data must be filled by the finance department "
                          "(第九条)."))
    return problems


def contract_blanks(contract: Contract, *, template, company) -> list[tuple[str, str]]:
    """What a signed copy would print as "—" (issue 13, point 5): (name, label) of every field
    the clause `template` prints that the contract leaves blank, then of every empty party
    field of the company profile (`company.<field>`). Empty when the contract can be signed."""
    from contracts.clauses import PLACEHOLDER_FIELDS, clause_blanks, clause_values

    blanks = []
    if template is not None:
        values = clause_values(contract, company_name=company.name)
        for placeholder in clause_blanks(template.body, values):
            name = PLACEHOLDER_FIELDS.get(placeholder, placeholder)
            if placeholder == "company_name":
                continue  # the company profile's own blanks follow
            blanks.append((name, str(Contract._meta.get_field(name).verbose_name)))
    for name in company.blank_fields():
        label = company._meta.get_field(name).verbose_name
        blanks.append((f"company.{name}", f"{company._meta.verbose_name}: {label}"))
    return blanks


def contract_blanks_error(blanks: list[tuple[str, str]]):
    """The ValidationError refusing to sign: one message per blank, code "blank", the field's
    name in its params (tests and pages read the names, people the labels)."""
    from django.core.exceptions import ValidationError

    return ValidationError([
        ValidationError(_("Not filled in: %(label)s."), code="blank",
                        params={"label": label, "name": name})
        for name, label in blanks])


def contract_sign_blanks(contract: Contract) -> list[tuple[str, str]]:
    """contract_blanks for signing today (the clause version in force and the company profile
    of today): what the contract page and the signing confirmation list before signing."""
    from django.utils import timezone

    from contracts.selectors import company_profile_get

    template = contract.contract_type.current_template(timezone.localdate())
    return contract_blanks(contract, template=template, company=company_profile_get())
