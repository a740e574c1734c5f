"""Clause templates take a closed list of named plain values (issue 8, point 2).

A clause version is text that an administrator edits; it used to be a Python format string fed
with model instances, so `{premises.created_by.password}` printed a password hash into a
contract. Now one function builds the values from the contract, all of them plain strings;
a template may only name them as `{name}` (no attribute, index, conversion or format spec),
which is checked when a version is saved, and rendering substitutes those names only, leaving
anything else as written, so even a version stored behind the validation's back prints no
more than its own text.
"""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.text import amount_in_capitals

# The names the seeded clause texts use (reference.py), plus the contract's own plain data.
CLAUSE_PLACEHOLDERS = ("customer_name", "contract_number", "contract_title", "contract_date",
                       "amount", "amount_in_capitals", "premises_address", "starts_on",
                       "ends_on", "project_name", "project_site", "works_from", "works_to",
                       "delivery_point", "supply_starts_on", "company_name")
NOT_GIVEN = "—"
# The contract field a placeholder prints (its label names a blank, issue 13 point 5); the
# others are always given (number, customer, amount…) or not the contract's (company_name).
PLACEHOLDER_FIELDS = {"premises_address": "premises", "starts_on": "starts_on",
                      "ends_on": "ends_on", "project_name": "project_name",
                      "project_site": "project_site", "works_from": "works_from",
                      "works_to": "works_to", "delivery_point": "delivery_point",
                      "supply_starts_on": "supply_starts_on"}


def _date(value) -> str:
    return value.isoformat() if value else NOT_GIVEN


def _text(value: str) -> str:
    return value.strip() or NOT_GIVEN


def clause_values(contract, *, company_name: str = "") -> dict[str, str]:
    """The values of the placeholders for `contract`, every one a str: the only data a clause
    template can print (the premises are the contract's own, else its account's). A value not
    given prints as NOT_GIVEN, which contract_sign refuses to freeze."""
    premises = contract.premises or (contract.account.premises if contract.account else None)
    return {
        "customer_name": contract.customer.name,
        "contract_number": contract.number,
        "contract_title": contract.title,
        "contract_date": _date(contract.contract_date),
        "amount": f"{contract.amount:,.2f}",
        "amount_in_capitals": amount_in_capitals(contract.amount),
        "premises_address": str(premises) if premises else NOT_GIVEN,
        "starts_on": _date(contract.starts_on),
        "ends_on": _date(contract.ends_on),
        "project_name": _text(contract.project_name),
        "project_site": _text(contract.project_site),
        "works_from": _date(contract.works_from),
        "works_to": _date(contract.works_to),
        "delivery_point": _text(contract.delivery_point),
        "supply_starts_on": _date(contract.supply_starts_on),
        "company_name": _text(company_name),
    }


def clause_placeholders_used(body: str) -> list[str]:
    """The plain placeholders of the list that `body` prints, in order, each once (none when
    its braces do not pair)."""
    used = []
    try:
        for _literal, field_name, format_spec, conversion in string.Formatter().parse(body):
            if (field_name in CLAUSE_PLACEHOLDERS and not (format_spec or conversion)
                    and field_name not in used):
                used.append(field_name)
    except ValueError:
        return []
    return used


def clause_blanks(body: str, values: dict[str, str]) -> list[str]:
    """The placeholders `body` prints whose value is not given: what would print as "—"."""
    return [name for name in clause_placeholders_used(body) if values.get(name) == NOT_GIVEN]


def _field_text(field_name: str, format_spec: str, conversion: str | None) -> str:
    """A replacement field as it was written."""
    return ("{" + field_name + (f"!{conversion}" if conversion else "")
            + (f":{format_spec}" if format_spec else "") + "}")


def _bad_fields(body: str) -> list[str] | None:
    """The fields of `body` that are not a plain `{name}` of the list, as written; None when
    its braces do not pair."""
    bad = []
    try:
        for _literal, field_name, format_spec, conversion in string.Formatter().parse(body):
            if field_name is None:
                continue
            if field_name not in CLAUSE_PLACEHOLDERS or format_spec or conversion:
                bad.append(_field_text(field_name, format_spec, conversion))
    except ValueError:
        return None
    return bad


def clause_template_errors(body: str) -> list[str]:
    """What is wrong with `body` as a clause template: its refused fields, or the whole text
    when its braces do not pair. Empty when the body is valid."""
    bad = _bad_fields(body)
    return [body] if bad is None else bad


def allowed_placeholders_text() -> str:
    return ", ".join("{" + name + "}" for name in CLAUSE_PLACEHOLDERS)


def validate_clause_body(body: str) -> None:
    """Raise a ValidationError naming the refused fields and listing the allowed names."""
    bad = _bad_fields(body or "")
    if bad == []:
        return
    if bad is None:
        problem = _("The braces do not pair: write {{ and }} for a literal brace.")
    else:
        problem = _("Not allowed: %(fields)s.") % {"fields": "、".join(bad)}
    raise ValidationError(
        _("%(problem)s Placeholders are plain names in braces, without dots, brackets, "
          "“!” or “:”; allowed: %(allowed)s.")
        % {"problem": problem, "allowed": allowed_placeholders_text()}, code="placeholder")


def clause_render(body: str, values: dict[str, str]) -> str:
    """`body` with each plain `{name}` of `values` replaced by its value; any other field is
    left as written, and a body whose braces do not pair is returned unchanged: rendering
    never evaluates an attribute, an index, a conversion or a format spec, and never raises."""
    parts = []
    try:
        for literal, field_name, format_spec, conversion in string.Formatter().parse(body):
            parts.append(literal)
            if field_name is None:
                continue
            if field_name in values and field_name in CLAUSE_PLACEHOLDERS and not (
                    format_spec or conversion):
                parts.append(str(values[field_name]))
            else:
                parts.append(_field_text(field_name, format_spec, conversion))
    except ValueError:
        return body
    return "".join(parts)
