"""The printed contract, built here and rendered by core.pdf.

A contract prints from its frozen clauses (`signed_text`, fixed at signing); before signing it
prints the clause template in force today, filled the way `contract_sign` fills it: under a
draft mark while it is a draft or in approval, clean with 待签订 in the footer once approved
(issue 13, point 6). The company's own party (甲方) is the company profile, frozen at
signing. Every printout carries a verification code: the contract id and a short HMAC of the
SHA-256 digest of what is printed (a canonical text, not the PDF bytes, which carry
timestamps), so the verification page can tell whether a printout still matches the contract.

It is a Chinese document whatever the language of the user who prints it, timed in
Asia/Shanghai.
"""

import hashlib
import hmac
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from approvals.selectors import requests_for
from contracts.clauses import clause_render, clause_values
from contracts.models import INSTALLATION_KINDS, ClauseTemplate, Contract, Kind
from contracts.selectors import (
    CustomerView,
    company_party,
    company_profile_get,
    contract_customer_view,
)
from core.pdf import render_pdf
from core.text import amount_in_capitals

CONTRACT_TEMPLATE = "contracts/print/contract.html"
PRINT_LANGUAGE = "zh-hans"
PRINT_TIMEZONE = ZoneInfo("Asia/Shanghai")
DRAFT_MARK = "草稿/未签订 — 仅供审阅"
# The footer of an approved contract printed for signature (issue 13, point 6).
AWAITING_SIGNATURE_MARK = "待签订"
# Bump when the canonical text changes shape: old printouts then read as outdated.
# 2: the company's party is the company profile (all its fields), not a name.
DIGEST_FORMAT = 2
_CODE_SALT = "contracts.pdf.verification_code"
_CODE_HEX_LENGTH = 12


def _contract_for_print(pk: int) -> Contract | None:
    """The contract with everything printed, in three queries (schedule and steps prefetched),
    or None when there is no such contract."""
    return (
        Contract.objects.select_related("contract_type", "customer", "premises",
                                        "account__premises", "template")
        .prefetch_related("installments", "steps")
        .filter(pk=pk).first()
    )


def _party_a(contract: Contract) -> dict[str, str]:
    """The company's own party as printed: frozen at signing, else the company profile of
    today (one query)."""
    if _is_signed(contract) and contract.signed_party:
        return dict(contract.signed_party)
    return company_party(company_profile_get())


def _premises(contract: Contract):
    """The premises printed: the contract's own, else its account's (as contract_sign does)."""
    return contract.premises or (contract.account.premises if contract.account else None)


def _is_signed(contract: Contract) -> bool:
    """Signed means frozen: contract_sign, the only way to sign, writes `signed_text`."""
    return bool(contract.signed_text)


def _clauses(contract: Contract, party_a: dict) -> tuple[str, ClauseTemplate | None]:
    """(clause text, template version used): frozen once signed, else today's template filled
    exactly as contract_sign fills it (one query for the template)."""
    if _is_signed(contract):
        return contract.signed_text, contract.template
    template = contract.contract_type.current_template(timezone.localdate())
    if template is None:
        return "", None
    # A field outside the closed list is printed as written (issue 8): an administrator's
    # typo does not stop the review of a draft, and nothing but plain values is ever printed.
    values = clause_values(contract, company_name=party_a.get("name", ""))
    return clause_render(template.body, values), template


def _text(value) -> str:
    """A value of the canonical text: dates ISO, decimals as stored, None as ""."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _take_or_pay_terms(contract: Contract) -> dict | None:
    if contract.kind != Kind.TAKE_OR_PAY:
        return None
    names = ("annual_quantity", "daily_max", "daily_min", "max_hourly_flow", "pressure_mpa",
             "take_or_pay_percent", "gas_price", "price_adjustment", "delivery_point",
             "settlement_period")
    terms = {name: _text(getattr(contract, name)) for name in names}
    terms["monthly_plan"] = contract.monthly_plan or []
    return terms


def _printed_content(contract: Contract, clauses: str, template: ClauseTemplate | None,
                     party_a: dict) -> dict:
    """What the document prints, as language-independent data (codes, not labels): the
    source of the digest. Print time, printer and approval records are not part of it."""
    customer = contract.customer
    premises = _premises(contract)
    return {
        "format": DIGEST_FORMAT,
        "id": contract.pk,
        "number": contract.number,
        "type": {"code": contract.contract_type.code, "name": contract.contract_type.name,
                 "kind": contract.contract_type.kind},
        "title": contract.title,
        "contract_date": _text(contract.contract_date),
        "term": [_text(contract.starts_on), _text(contract.ends_on)],
        "party_a": party_a,
        "party_b": {"number": customer.number, "name": customer.name,
                    "id_type": customer.id_type, "id_number": customer.id_number},
        "premises": str(premises) if premises else "",
        "signed": _is_signed(contract),
        "template_version": template.version if template else None,
        "clauses": clauses,
        "amount": _text(contract.amount),
        "payment_method": contract.payment_method,
        "installments": [[item.sequence, _text(item.due_on), _text(item.amount), item.milestone]
                         for item in contract.installments.all()],
        "steps": [[step.sequence, step.description, _text(step.planned_start),
                   _text(step.planned_end)] for step in contract.steps.all()],
        "take_or_pay": _take_or_pay_terms(contract),
    }


def _digest(content: dict) -> str:
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _code_hex(pk: int, digest: str, secret=None) -> str:
    return salted_hmac(_CODE_SALT, f"{pk}:{digest}", secret=secret,
                       algorithm="sha256").hexdigest()[:_CODE_HEX_LENGTH]


def _format_code(pk: int, code_hex: str) -> str:
    groups = [code_hex[i:i + 4].upper() for i in range(0, len(code_hex), 4)]
    return "-".join([str(pk), *groups])


def _digest_and_clauses(contract: Contract) -> tuple[str, str, ClauseTemplate | None, dict]:
    party_a = _party_a(contract)
    clauses, template = _clauses(contract, party_a)
    return (_digest(_printed_content(contract, clauses, template, party_a)), clauses, template,
            party_a)


def contract_printed_digest(*, contract: Contract) -> str:
    """SHA-256 (hex) of the canonical text of what the contract prints, read fresh from the
    database: the same contract state always gives the same digest, whatever the language,
    the time or the user; any printed change (clauses, parties, amount, schedule, steps,
    take-or-pay terms, signing) gives another."""
    with timezone.override(PRINT_TIMEZONE):
        return _digest_and_clauses(_contract_for_print(contract.pk))[0]


def verification_code(*, contract: Contract, digest: str | None = None) -> str:
    """`<id>-XXXX-XXXX-XXXX`: the contract id, then the first 12 hex digits (upper case) of a
    salted HMAC-SHA256 keyed by SECRET_KEY over "<id>:<digest>". The id makes the lookup one
    query; the HMAC cannot be made without the key."""
    digest = digest or contract_printed_digest(contract=contract)
    return _format_code(contract.pk, _code_hex(contract.pk, digest))


def verification_code_pk(code: str) -> int | None:
    """The contract id a code names, or None when the code is not of the printed shape."""
    pk_text, _, rest = (code or "").strip().partition("-")
    if not (pk_text.isdigit() and rest) or len(pk_text) > 18:
        return None
    return int(pk_text)


def verification_code_matches(*, contract: Contract, code: str, digest: str) -> bool:
    """True when `code` is the code of `contract` in the state whose digest is `digest`.
    Compared in constant time; codes made before a SECRET_KEY rotation still verify while the
    old key is listed in SECRET_KEY_FALLBACKS."""
    _, _, rest = (code or "").strip().partition("-")
    given = rest.replace("-", "").lower()
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(hmac.compare_digest(given, _code_hex(contract.pk, digest, secret))
               for secret in secrets)


def contract_verification(*, code: str) -> tuple[Contract, str, bool] | None:
    """(contract, its current digest, whether `code` matches it) for the contract the code
    names, or None when it names none: one contract read (three queries, five for a draft)."""
    pk = verification_code_pk(code)
    contract = _contract_for_print(pk) if pk is not None else None
    if contract is None:
        return None
    with timezone.override(PRINT_TIMEZONE):
        digest = _digest_and_clauses(contract)[0]
    return contract, digest, verification_code_matches(contract=contract, code=code,
                                                       digest=digest)


def verification_path(code: str) -> str:
    """The path of the verification page of `code`, as printed on the contract."""
    return reverse("contracts:verify", kwargs={"code": code})


def _amount_context(contract: Contract) -> dict:
    # A supply contract has no fixed amount (第六条): gas is paid as used.
    no_fixed_amount = contract.kind == Kind.SUPPLY and not contract.amount
    return {"amount": contract.amount, "amount_capitals": amount_in_capitals(contract.amount),
            "no_fixed_amount": no_fixed_amount}


def _number(value, places: int = 0) -> str:
    """3650000 → "3,650,000"; 0.400 with places=3 → "0.4" (trailing zeros dropped)."""
    text = f"{Decimal(str(value)):,.{places}f}"
    return text.rstrip("0").rstrip(".") if places else text


def _quantity(value, unit: str, places: int = 0) -> str:
    return "—" if value is None else f"{_number(value, places)}\u00a0{unit}"


def _monthly_plan(plan) -> list[list[tuple[str, str]]]:
    """The market department's monthly plan as rows of six (month label, m³), when it is a
    list of values (anything else is not printed)."""
    if not isinstance(plan, list):
        return []
    cells = [(f"{month}月", _number(value) if isinstance(value, int | float | Decimal)
              else str(value))
             for month, value in enumerate(plan, start=1) if not isinstance(value, dict | list)]
    return [cells[start:start + 6] for start in range(0, len(cells), 6)]


def take_or_pay_terms(contract: Contract) -> dict | None:
    """The take-or-pay terms (第九条) as printed, numbers grouped by thousands: also shown on
    the contract page beside the approval box (issue 13, point 5); None for other types."""
    if contract.kind != Kind.TAKE_OR_PAY:
        return None
    percent = contract.take_or_pay_percent
    return {
        "annual_quantity": _quantity(contract.annual_quantity, "m³"),
        "daily_max": _quantity(contract.daily_max, "m³"),
        "daily_min": _quantity(contract.daily_min, "m³"),
        "max_hourly_flow": _quantity(contract.max_hourly_flow, "m³/h"),
        "pressure": _quantity(contract.pressure_mpa, "MPa", 3),
        "percent": "—" if percent is None else f"{_number(percent, 2)}%",
        "gas_price": _quantity(contract.gas_price, "元/m³", 4),
        "delivery_point": contract.delivery_point or "—",
        "settlement_period": contract.settlement_period or "—",
        "price_adjustment": contract.price_adjustment,
        "monthly_plan": _monthly_plan(contract.monthly_plan),
    }


def _rounds(contract: Contract) -> list:
    """Every approval round, its steps and their decisions (four queries at most)."""
    return list(requests_for(contract))


def contract_pdf_context(*, contract: Contract, printed_by=None,
                         full_identity: bool = False) -> dict:
    """The context of the printed contract, read fresh from the database in eight queries at
    most, however many rows: the contract with its schedule and steps (three), the company
    profile (one; none for a contract signed with its party frozen), the clause template of
    an unsigned contract (one), the approval rounds with their steps and
    decisions (three). Call it with the print language and time zone active (contract_pdf
    does): labels are translated here. The customer's document number is masked unless
    `full_identity` (a reader of the customer, 第十一条)."""
    contract = _contract_for_print(contract.pk)
    digest, clauses, template, party_a = _digest_and_clauses(contract)
    code = _format_code(contract.pk, _code_hex(contract.pk, digest))
    printed_at = timezone.localtime(timezone.now(), PRINT_TIMEZONE)
    customer = contract.customer
    is_signed = _is_signed(contract)
    # Issue 13, point 6: approved and not signed yet, it prints clean for signature.
    awaiting_signature = not is_signed and contract.is_approved
    return {
        "company_name": party_a["name"],
        "party_a": party_a,
        "contract": contract,
        "contract_type": contract.contract_type,
        "customer": customer,
        "customer_id_type": customer.get_id_type_display(),
        "customer_id_number": CustomerView(full=full_identity, basis="").id_number(customer),
        "premises": _premises(contract),
        "is_signed": is_signed,
        "draft_mark": "" if is_signed or awaiting_signature else DRAFT_MARK,
        "stage_mark": AWAITING_SIGNATURE_MARK if awaiting_signature else "",
        "clauses": clauses,
        "template": template,
        **_amount_context(contract),
        "installments": list(contract.installments.all()),
        "steps": list(contract.steps.all()),
        "show_steps": contract.kind in INSTALLATION_KINDS or bool(contract.steps.all()),
        "show_payment_method": contract.kind in INSTALLATION_KINDS,
        "terms": take_or_pay_terms(contract),
        "rounds": _rounds(contract),
        "awaiting_submission": contract.is_editable,
        # The digest covers the full document number: printed beside a masked one it would
        # let the missing digits be found by trying them (第十一条), so only readers get it.
        "digest": digest if full_identity else "",
        "verification_code": code,
        "verification_path": verification_path(code),
        "printed_by": str(printed_by) if printed_by is not None else "",
        "printed_at": printed_at,
        "printed_at_text": printed_at.strftime("%Y-%m-%d %H:%M"),
    }


def contract_pdf(*, contract: Contract, printed_by, full_identity: bool | None = None) -> bytes:
    """The contract as PDF bytes: Chinese, Asia/Shanghai time, with its approval page and
    verification code; a draft carries the draft mark on every page, an approved contract
    not yet signed 待签订 in the footer of every page. The
    customer's identifiers print in full only when `full_identity` (by default: when
    `printed_by` reads the customer with full rights, 第十一条), masked otherwise."""
    if full_identity is None:
        full_identity = printed_by is not None and contract_customer_view(
            user=printed_by, contract=contract).full
    with translation.override(PRINT_LANGUAGE), timezone.override(PRINT_TIMEZONE):
        context = contract_pdf_context(contract=contract, printed_by=printed_by,
                                       full_identity=full_identity)
        return render_pdf(CONTRACT_TEMPLATE, context)
