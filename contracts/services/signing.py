"""Submission along the route of 第四条, the approval engine's moves, and the signing that
freezes the clauses."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.services import approval_submit
from contracts.clauses import clause_render, clause_template_errors, clause_values
from contracts.completeness import contract_blanks, contract_blanks_error, contract_problems
from contracts.models import Contract
from contracts.selectors import company_party, company_profile_get
from contracts.services._common import _locked
from core.services import save_recorded as _save


@transaction.atomic
def contract_submit(*, contract: Contract, by):
    """Submit for approval along the route of 第四条; refused with every missing item listed.
    A contract whose route has no step (ordinary residential installation, supply with fees
    paid) is approved at once: the staff member signs."""
    contract = _locked(contract, by=by, action="submit")
    problems = contract_problems(contract)
    if problems:
        raise ValidationError(problems, code="incomplete")
    request = approval_submit(target=contract, by=by)
    if request is None:
        contract.move_to(Contract.Status.APPROVED)
        _save(contract, "no_approval_needed", by)
    return request


def contract_on_approval(*, contract: Contract, status: str, reason: str, by) -> None:
    """The approval engine moves the contract along its route (contracts/approval_targets.py);
    `by` is the submitter or the decider, recorded in the contract's history."""
    contract.move_to(status)
    _save(contract, reason, by)


# The clause values the signing confirmation may fill while they are blank (issue 13: a
# contract approved before the drafting form asked for them); the premises come from a
# delivery notice and are not among them.
FILLABLE_AT_SIGNING = ("project_name", "project_site", "works_from", "works_to",
                       "delivery_point", "supply_starts_on", "starts_on", "ends_on")


def _fill_blanks(contract: Contract, clause_fields: dict) -> None:
    """Set each given clause value that is still blank on the contract; a value already given
    (approved as it is) is never changed here."""
    for name, value in (clause_fields or {}).items():
        if name not in FILLABLE_AT_SIGNING:
            raise ValidationError(_("Not changeable here: %(fields)s") % {"fields": name})
        if getattr(contract, name) in (None, "") and value not in (None, ""):
            setattr(contract, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def contract_sign(*, contract: Contract, by, signed_on: datetime.date | None = None,
                  signatories: str = "", clause_fields: dict | None = None) -> Contract:
    """Record the signing and freeze the clauses (the template version of signing day) and the
    company's own party; refused with every blank listed (contract_blanks) when a clause or
    the party would print "—". `clause_fields` fills clause values still blank
    (FILLABLE_AT_SIGNING), in the same history row as the signing."""
    contract = _locked(contract, by=by, action="sign")
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
    # Issue 13: the signed copy never prints "—": every blank is listed, nothing is frozen.
    _fill_blanks(contract, clause_fields)
    company = company_profile_get()
    blanks = contract_blanks(contract, template=template, company=company)
    if blanks:
        raise contract_blanks_error(blanks)
    text = clause_render(template.body, clause_values(contract, company_name=company.name))
    contract.template, contract.signed_text = template, text
    contract.signed_party = company_party(company)
    contract.signed_on, contract.signed_by = signed_on, by
    contract.signatories = signatories.strip()
    contract.move_to(Contract.Status.SIGNED)
    _save(contract, "signed", by)
    return contract
