"""Every write of a contract: create, price, complete, submit, sign (第四条–第九条)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import BUDGET, FINANCE, MARKET_MANAGER, OPS_VP, PLANNING, STAFF
from approvals.services import approval_submit
from contracts.clauses import clause_render, clause_template_errors, clause_values
from contracts.models import (
    INSTALLATION_KINDS,
    BudgetEstimate,
    Contract,
    InstallationStep,
    Installment,
    Kind,
    PriceLine,
    PriceStandard,
)
from contracts.selectors import draftable_customers
from core.sequences import next_number
from core.services import save_recorded as _save

# 第九条: take-or-pay only for upstream suppliers and large industrial or commercial users.
TAKE_OR_PAY_ANNUAL_MIN = Decimal("3000000")  # m³ a year, inclusive
TAKE_OR_PAY_DAILY_MIN = Decimal("10000")  # m³ a day, inclusive
TAKE_OR_PAY_FIELDS = ("annual_quantity", "daily_max", "daily_min", "max_hourly_flow",
                      "delivery_point", "take_or_pay_percent", "gas_price", "settlement_period")


def _price_in_force(standard: PriceStandard, day: datetime.date) -> PriceStandard:
    if not standard.in_force_on(day):
        raise ValidationError(_("The price standard “%(item)s” is not in force on %(day)s: "
                                "choose the version in force.")
                              % {"item": standard.item, "day": day}, code="price_not_in_force")
    return standard


def _compute_amount(contract: Contract) -> Decimal:
    """第六条: installation fees from the price standard or an issued budget; take-or-pay from
    the annual quantity and the price; supply contracts carry no fixed amount."""
    if contract.kind in INSTALLATION_KINDS:
        if contract.budget_id:
            return contract.budget.total
        return sum((line.amount for line in contract.price_lines.all()), Decimal("0.00"))
    if contract.kind == Kind.TAKE_OR_PAY and contract.annual_quantity and contract.gas_price:
        return (contract.annual_quantity * contract.gas_price).quantize(Decimal("0.01"))
    return Decimal("0.00")


def _check_creator(contract_type, by) -> None:
    if contract_type.kind == Kind.TAKE_OR_PAY:
        if not by.has_role(OPS_VP):
            raise PermissionDenied(_("Only the vice president (operations) drafts take-or-pay "
                                     "contracts (第九条)."))
    elif not (by.has_role(STAFF) or by.has_role(OPS_VP)):
        raise PermissionDenied


def _check_customer(contract_type, customer, by) -> None:
    """第十一条 and 第九条: a contract is drafted for a customer the drafter may read, or, for
    take-or-pay, by the vice president for an eligible customer."""
    if not draftable_customers(user=by, contract_type=contract_type).filter(
            pk=customer.pk).exists():
        raise ValidationError({"customer": _("You may not draft this type of contract for this "
                                             "customer (第九条, 第十一条).")})


def _set_pricing(contract: Contract, *, price_lines, budget: BudgetEstimate | None, by) -> None:
    if contract.kind not in INSTALLATION_KINDS:
        return
    if budget is not None:
        if not budget.is_issued or budget.customer_id != contract.customer_id:
            raise ValidationError({"budget": _("Use a budget issued by the budget department "
                                               "for this customer.")})
        contract.budget = budget
    for standard, quantity in price_lines:
        standard = _price_in_force(standard, contract.contract_date)
        line = PriceLine(contract=contract, standard=standard, quantity=quantity,
                         unit_price=standard.unit_price, created_by=by)
        _save(line, "priced", by)


def _set_schedule(contract: Contract, *, installments, steps, by) -> None:
    for sequence, fields in enumerate(installments, start=1):
        _save(Installment(contract=contract, sequence=sequence, created_by=by, **fields),
              "scheduled", by)
    for sequence, fields in enumerate(steps, start=1):
        _save(InstallationStep(contract=contract, sequence=sequence, created_by=by, **fields),
              "planned", by)


@transaction.atomic
def contract_create(*, by, contract_type, customer, title: str, price_lines=(),
                    budget: BudgetEstimate | None = None, installments=(), steps=(),
                    **fields) -> Contract:
    """Draft a contract. The amount is computed (第六条): no caller can set it; the number is
    <prefix>-<year>-<6 digits>; a one-payment contract gets a single installment."""
    _check_creator(contract_type, by)
    _check_customer(contract_type, customer, by)
    fields.pop("amount", None)  # never accepted: the amount comes from the standard
    contract = Contract(contract_type=contract_type, customer=customer, title=title,
                        created_by=by, **fields)
    year = (contract.contract_date or timezone.localdate()).year
    contract.number = (f"{contract_type.prefix}-{year}-"
                       f"{next_number(contract_type.prefix, year):06d}")
    if contract.construction_period_required and not contract.planning_estimate_days:
        contract.move_to(Contract.Status.ESTIMATING)  # 第五条: waiting for 规划建设部
    _save(contract, "drafted", by)
    _set_pricing(contract, price_lines=price_lines, budget=budget, by=by)
    contract.amount = _compute_amount(contract)
    _save(contract, "priced", by)
    if contract.payment_method == Contract.Payment.ONE and contract.amount and not installments:
        with translation.override(settings.LANGUAGE_CODE):  # printed on a Chinese contract
            installments = [{"amount": contract.amount, "milestone": _("One payment")}]
    _set_schedule(contract, installments=installments, steps=steps, by=by)
    return contract


@transaction.atomic
def contract_record_estimate(*, contract: Contract, by, days: int) -> Contract:
    """第五条: 规划建设部 estimates the construction period."""
    if not by.has_role(PLANNING):
        raise PermissionDenied
    _editable(contract)
    contract.planning_estimate_days = days
    contract.planning_estimated_by = by
    if contract.is_awaiting_estimate:
        contract.move_to(Contract.Status.DRAFT)
    _save(contract, "construction period estimated", by)
    return contract


@transaction.atomic
def contract_record_market_data(*, contract: Contract, by, **data) -> Contract:
    """第九条: the market department's data of a take-or-pay contract."""
    allowed = {"annual_quantity", "monthly_plan", "daily_max", "daily_min", "max_hourly_flow",
               "pressure_mpa", "delivery_point"}
    return _record_data(contract, by, MARKET_MANAGER, "market_data_by", allowed, data)


@transaction.atomic
def contract_record_finance_data(*, contract: Contract, by, **data) -> Contract:
    """第九条: the finance department's data of a take-or-pay contract."""
    allowed = {"gas_price", "take_or_pay_percent", "price_adjustment", "settlement_period"}
    return _record_data(contract, by, FINANCE, "finance_data_by", allowed, data)


def _record_data(contract, by, role, marker, allowed, data) -> Contract:
    if not by.has_role(role):
        raise PermissionDenied
    _editable(contract)
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(_("Not yours to fill: %(fields)s") % {"fields": ", ".join(unknown)})
    for name, value in data.items():
        setattr(contract, name, value)
    setattr(contract, marker, by)
    contract.amount = _compute_amount(contract)
    _save(contract, f"{marker.removesuffix('_by')} recorded", by)
    return contract


def _editable(contract: Contract) -> None:
    if not contract.is_editable:
        raise ValidationError(_("The contract is %(status)s: it can no longer be changed.")
                              % {"status": contract.get_status_display()}, code="not_editable")


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


@transaction.atomic
def contract_submit(*, contract: Contract, by):
    """Submit for approval along the route of 第四条; refused with every missing item listed.
    A contract whose route has no step (ordinary residential installation, supply with fees
    paid) is approved at once: the staff member signs."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _editable(contract)
    if by.pk != contract.created_by_id:
        raise PermissionDenied
    problems = contract_problems(contract)
    if problems:
        raise ValidationError(problems, code="incomplete")
    request = approval_submit(target=contract, by=by)
    if request is None:
        contract.move_to(Contract.Status.APPROVED)
        _save(contract, "no approval needed (第四条)", by)
    return request


def contract_on_approval(*, contract: Contract, status: str, reason: str, by) -> None:
    """The approval engine moves the contract along its route (contracts/approval_targets.py);
    `by` is the submitter or the decider, recorded in the contract's history."""
    contract.move_to(status)
    _save(contract, reason, by)


@transaction.atomic
def contract_sign(*, contract: Contract, by, signed_on: datetime.date | None = None,
                  signatories: str = "") -> Contract:
    """Record the signing and freeze the clauses: the template version of signing day."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if not contract.is_approved:
        raise ValidationError(_("Only an approved contract can be signed."), code="not_approved")
    if by.pk != contract.created_by_id:
        raise PermissionDenied
    signed_on = signed_on or timezone.localdate()
    template = contract.contract_type.current_template(signed_on)
    if template is None:
        raise ValidationError(_("The contract type has no clause template in force."))
    # Issue 8: a version stored with a field outside the closed list is refused, not frozen.
    broken = clause_template_errors(template.body)
    if broken:
        raise ValidationError(_("The clause template v%(version)s has a broken placeholder "
                                "(%(error)s): ask an administrator to correct it.")
                              % {"version": template.version, "error": "、".join(broken)})
    text = clause_render(template.body, clause_values(contract))
    contract.template, contract.signed_text = template, text
    contract.signed_on, contract.signed_by = signed_on, by
    contract.signatories = signatories.strip()
    contract.move_to(Contract.Status.SIGNED)
    _save(contract, "signed", by)
    return contract


@transaction.atomic
def installment_pay(*, contract: Contract, sequence: int, amount: Decimal, by) -> Installment:
    """财务部 records a payment against one installment (never more than is due)."""
    if not by.has_role(FINANCE):
        raise PermissionDenied
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if not contract.accepts_payments:
        raise ValidationError(_("Payments are recorded on approved or signed contracts."))
    installment = contract.installments.select_for_update().filter(sequence=sequence).first()
    if installment is None:
        raise ValidationError({"installment": _("The contract has no installment %(number)s.")
                               % {"number": sequence}})
    if amount <= 0 or installment.paid_amount + amount > installment.amount:
        raise ValidationError({"amount": _("The payment exceeds what is due on this "
                                           "installment (%(due)s).")
                               % {"due": installment.amount - installment.paid_amount}})
    installment.paid_amount += amount
    _save(installment, "payment recorded", by)
    if contract.status == Contract.Status.SIGNED:
        contract.move_to(Contract.Status.PERFORMING)
        _save(contract, "first payment: being performed", by)
    return installment


# The reason goes into the history row's change reason (100 characters) after a short prefix.
MAX_REASON_LENGTH = 80


def _check_reason_length(reason: str) -> None:
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({"reason": _("Keep the reason to %(max)s characters.")
                               % {"max": MAX_REASON_LENGTH}})


# --- Completion, termination and hand-over to the archive (第十条, R8) --------------------------


@transaction.atomic
def contract_finish(*, contract: Contract, by, terminated: bool = False,
                    reason: str = "") -> Contract:
    """The drafter marks a signed contract completed, or terminated with a reason."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if by.pk != contract.created_by_id:
        raise PermissionDenied
    if not contract.is_in_force:
        raise ValidationError(_("Only a signed contract can be completed or terminated."))
    if terminated and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the termination.")})
    _check_reason_length(reason)
    contract.move_to(Contract.Status.TERMINATED if terminated else Contract.Status.COMPLETED)
    _save(contract, f"terminated: {reason}" if terminated else "completed", by)
    return contract


@transaction.atomic
def handover_prepare(*, contract: Contract, by, notes: str = ""):
    """移交清单: the contract and every valid attachment, numbered, for the archivist."""
    from contracts.models import HandOver
    from core.attachments import attachments_for

    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if by.pk != contract.created_by_id:
        raise PermissionDenied
    if not contract.is_finished:
        raise ValidationError(_("Only a completed or terminated contract is handed over to the "
                                "archive (第十条)."))
    if HandOver.objects.filter(contract=contract).exists():
        raise ValidationError(_("The hand-over list of this contract already exists."))
    items = [{"no": 0, "label": _("Contract %(number)s (signed original)")
              % {"number": contract.number}}]
    items += [{"no": attachment.sequence, "label": f"{attachment.label} "
               f"{attachment.title or attachment.original_name}",
               "sha256": attachment.sha256}
              for attachment in attachments_for(contract, include_void=False)]
    handover = HandOver(contract=contract, items=items, notes=notes, prepared_by=by,
                        created_by=by)
    _save(handover, "prepared", by)
    return handover


@transaction.atomic
def handover_receive(*, handover, by, location: str):
    """The archivist checks the material and confirms receipt; the contract is archived and
    read-only for everyone from now on."""
    from accounts.roles import ARCHIVIST

    if not by.has_role(ARCHIVIST):
        raise PermissionDenied
    handover.mark_received(by=by, location=location)
    _save(handover, "received", by)
    contract = handover.contract
    contract.move_to(Contract.Status.ARCHIVED)
    _save(contract, "archived", by)
    return handover


EDITABLE_FIELDS = ("title", "contract_date", "starts_on", "ends_on", "premises",
                   "construction_period_required", "ownership_dispute")


@transaction.atomic
def contract_update(*, contract: Contract, by, **fields) -> Contract:
    """The drafter changes a draft (also after a rejection, before resubmitting as a new round).
    Type, customer and amount are not among the changeable fields."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if by.pk != contract.created_by_id:
        raise PermissionDenied
    _editable(contract)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Not changeable here: %(fields)s") % {"fields": ", ".join(unknown)})
    for name, value in fields.items():
        setattr(contract, name, value)
    waiting = contract.construction_period_required and not contract.planning_estimate_days
    target = Contract.Status.ESTIMATING if waiting else Contract.Status.DRAFT
    if contract.status != target:
        contract.move_to(target)
    _save(contract, "changed", by)
    return contract


@transaction.atomic
def contract_void(*, contract: Contract, by, reason: str) -> Contract:
    """已作废: the drafter abandons a draft; it stays on record with the reason."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if by.pk != contract.created_by_id:
        raise PermissionDenied
    _editable(contract)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for voiding the draft.")})
    _check_reason_length(reason)
    contract.move_to(Contract.Status.VOID)
    _save(contract, f"void: {reason}", by)
    return contract


# --- Budgets of the budget department (第六条) ---------------------------------------------------
@transaction.atomic
def budget_create(*, by, customer, description: str, lines) -> BudgetEstimate:
    """预算员 prepares a budget for a non-standard job: line items (item, quantity, unit, unit
    price); the total is their sum."""
    from contracts.models import BudgetLine

    if not by.has_role(BUDGET):
        raise PermissionDenied
    lines = list(lines)
    if not lines:
        raise ValidationError(_("A budget needs at least one line."))
    year = timezone.localdate().year
    budget = BudgetEstimate(customer=customer, description=description, prepared_by=by,
                            created_by=by, number=f"YS{year}{next_number('YS', year):06d}")
    _save(budget, "prepared", by)
    for fields in lines:
        _save(BudgetLine(budget=budget, created_by=by, **fields), "line", by)
    return budget


@transaction.atomic
def budget_issue(*, budget: BudgetEstimate, by) -> BudgetEstimate:
    """The budget is issued: from now on a contract may take its total; it no longer changes."""
    if not by.has_role(BUDGET) or budget.prepared_by_id != by.pk:
        raise PermissionDenied
    if budget.is_issued:
        raise ValidationError(_("This budget is already issued."))
    budget.is_issued = True
    _save(budget, "issued", by)
    return budget


# --- Amendments (补充协议) ---------------------------------------------------------------------
@transaction.atomic
def amendment_create(*, contract: Contract, by, title: str, text: str, reason: str = ""):
    """The signed text stays frozen; a change of a signed contract is a numbered amendment."""
    from contracts.models import Amendment

    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if by.pk != contract.created_by_id:
        raise PermissionDenied
    if not contract.is_in_force:
        raise ValidationError(_("Only a signed contract in force is amended; a draft is edited "
                                "directly."), code="not_signed")
    sequence = (contract.amendments.order_by("-sequence").values_list("sequence", flat=True)
                .first() or 0) + 1
    amendment = Amendment(contract=contract, sequence=sequence, title=title, text=text,
                          reason=reason, created_by=by)
    _save(amendment, "drafted", by)
    return amendment


@transaction.atomic
def amendment_sign(*, amendment, by, signed_on: datetime.date | None = None):
    """Record the signing of an amendment; its text is frozen from then on."""
    if by.pk != amendment.contract.created_by_id:
        raise PermissionDenied
    if amendment.signed_on is not None:
        raise ValidationError(_("This amendment is already signed."))
    amendment.signed_on, amendment.signed_by = signed_on or timezone.localdate(), by
    _save(amendment, "signed", by)
    return amendment


# --- Who may add material (第十条: read-only once archived) -----------------------------------
def contract_may_attach(*, contract: Contract, user) -> bool:
    """The drafter attaches and voids the contract's material until it is archived or void."""
    return contract.created_by_id == user.pk and not contract.is_closed


def budget_may_attach(*, budget: BudgetEstimate, user) -> bool:
    """Only the budget officer who prepared a budget attaches its calculations."""
    return budget.prepared_by_id == user.pk and user.has_role(BUDGET)
