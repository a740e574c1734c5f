"""Text helpers for money and personal identifiers.

The masking rule (issue 8, point 4; 第十一条): a field that identifies a person or an
organisation is declared once, on its model, as `IDENTIFYING_FIELDS = {field name: kind}`;
`mask_identifier(kind, value)` is the one mask of each kind. Readers with full rights
(customers.selectors.Access.full) see the value; everyone else sees `mask_field_value(...)`,
on pages, history, PDFs, exports and the admin alike.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿", "万亿")


def _group_to_capitals(group: int) -> str:
    """1..9999 in capitals, zeros inside collapsed to one 零, trailing zeros dropped."""
    text, pending_zero = "", False
    for position in (3, 2, 1, 0):
        digit = group // 10**position % 10
        if digit == 0:
            pending_zero = bool(text)
            continue
        if pending_zero:
            text += "零"
        text += _DIGITS[digit] + _UNITS[position]
        pending_zero = False
    return text


def _integer_to_capitals(number: int) -> str:
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    text, pending_zero = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            pending_zero = bool(text)
            continue
        if text and (pending_zero or group < 1000):
            text += "零"
        text += _group_to_capitals(group) + _GROUP_UNITS[index]
        pending_zero = False
    return text


def amount_in_capitals(amount) -> str:
    """A CNY amount in Chinese capitals (大写), rounded half-up to the fen.

    12345.60 → 壹万贰仟叁佰肆拾伍元陆角整; 0.05 → 伍分; 100 → 壹佰元整; 1.05 → 壹元零伍分.
    """
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "负" if value < 0 else ""
    fen_total = int(abs(value) * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if fen_total == 0:
        return "零元整"
    text = _integer_to_capitals(yuan) + "元" if yuan else ""
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan and fen:
        text += "零"
    text += _DIGITS[fen] + "分" if fen else "整"
    return sign + text


def mask_middle(value: str, *, keep_start: int, keep_end: int, char: str = "*") -> str:
    """Keep the first and last characters, replace the middle; short values are masked whole."""
    value = value or ""
    if len(value) <= keep_start + keep_end:
        return char * len(value)
    end = value[len(value) - keep_end:]  # not value[-keep_end:]: keep_end may be 0
    return value[:keep_start] + char * (len(value) - keep_start - keep_end) + end


def mask_id_number(value: str) -> str:
    """110101199003074258 → 110***********4258: region and birth date hidden. The one rule of
    identity documents (`mask_identifier("document", …)`), for callers that hold a bare number."""
    return _mask_document(value)


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678; 0871-65123456 → 0871-****3456 (the area code stays)."""
    value = (value or "").strip()
    if "-" in value and value.startswith("0"):
        area, _, rest = value.partition("-")
        return f"{area}-{mask_middle(rest, keep_start=0, keep_end=4)}"
    return mask_middle(value, keep_start=3, keep_end=4)


def _mask_document(value: str) -> str:
    """ID card, credit code, tax number (15–20 characters): the first 3 and last 4 stay;
    a shorter document (passport) keeps its first and last two."""
    value = (value or "").strip()
    if len(value) >= 15:
        return mask_middle(value, keep_start=3, keep_end=4)
    return mask_middle(value, keep_start=1, keep_end=2)


def _mask_bank_account(value: str) -> str:
    """6222021234567890123 → ***************0123: only the last four, as on a bank slip."""
    return mask_middle((value or "").strip(), keep_start=0, keep_end=4)


def _mask_email(value: str) -> str:
    """zhangli@example.com → z******@example.com: the domain stays, the person goes."""
    value = (value or "").strip()
    local, at, domain = value.partition("@")
    if not at:
        return mask_middle(value, keep_start=1, keep_end=0)
    return f"{mask_middle(local, keep_start=1, keep_end=0)}@{domain}"


# The kinds a model may declare in IDENTIFYING_FIELDS, each with its one mask.
IDENTIFIER_MASKS = {
    "document": _mask_document,
    "phone": mask_phone,
    "bank_account": _mask_bank_account,
    "email": _mask_email,
}


def mask_identifier(kind: str, value) -> str:
    """`value` masked by the rule of its kind; an unknown kind hides the whole value."""
    if value in (None, ""):
        return ""
    mask = IDENTIFIER_MASKS.get(kind)
    return mask(str(value)) if mask else "*" * len(str(value))


def identifying_fields(model) -> dict[str, str]:
    """{field name: kind} of the fields of `model` (a class, an instance or a historical
    model) that identify a person or an organisation; empty when it declares none."""
    model = getattr(model, "instance_type", model)  # simple-history's historical models
    return dict(getattr(model, "IDENTIFYING_FIELDS", {}))


def mask_field_value(model, field_name: str, value):
    """The value of `model.field_name` as shown to a reader without full rights: masked when
    the field identifies someone, unchanged otherwise."""
    kind = identifying_fields(model).get(field_name)
    return value if kind is None else mask_identifier(kind, value)


# OWASP "CSV injection": a spreadsheet evaluates a cell that starts with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """A value for an exported spreadsheet cell that no spreadsheet runs as a formula: text
    starting with = + - @, tab or CR gets a leading single quote; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def in_language(chinese: str, english: str) -> str:
    """A name kept in both languages (roles, departments): the English one when the page is
    in English and it is filled in, else the Chinese one."""
    if english and (get_language() or "").startswith("en"):
        return english
    return chinese
