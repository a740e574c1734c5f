"""Validators for Chinese identifiers: resident ID, 统一社会信用代码, mobile and landline numbers.

Each raises a ValidationError whose message names the problem; the form names the field.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 11643-1999: weights of the first 17 digits and the check characters by remainder mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^[1-9]\d{16}[\dX]$")

# GB 32100-2015: 31 characters (no I, O, S, V, Z) and the weights of the first 17 positions.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Area code (0 + 2-3 digits), 7-8 digit number, optional extension; or a 400/800 service number.
_LANDLINE_RE = re.compile(r"^(0\d{2,3}-?[2-9]\d{6,7}(-\d{1,6})?|[48]00-?\d{3}-?\d{4})$")


def normalize_identifier(value: str) -> str:
    """Upper case, without spaces: how identifiers are stored and compared."""
    return re.sub(r"\s+", "", value or "").upper()


def id_check_char(first17: str) -> str:
    """The check character of an 18-digit resident ID from its first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_resident_id(value: str) -> None:
    """An 18-digit resident ID (居民身份证号码) with a real birth date and a correct check digit."""
    number = normalize_identifier(value)
    if not _ID_RE.match(number):
        raise ValidationError(
            _("A resident ID number has 18 characters: 17 digits and a digit or X."),
            code="id_format",
        )
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
    if birth is None or not datetime.date(1900, 1, 1) <= birth <= datetime.date.today():
        raise ValidationError(
            _("The birth date in this resident ID number (%(date)s) does not exist."),
            code="id_birth_date",
            params={"date": number[6:14]},
        )
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(
            _("The check digit of this resident ID number is wrong: please check the number."),
            code="id_check_digit",
        )


def uscc_check_char(first17: str) -> str:
    """The check character of a 统一社会信用代码 from its first 17 characters."""
    total = sum(_USCC_CHARS.index(char) * weight
                for char, weight in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    """An 18-character unified social credit code with a correct check character."""
    code = normalize_identifier(value)
    if not _USCC_RE.match(code):
        raise ValidationError(
            _("A unified social credit code has 18 characters: digits and capital letters "
              "except I, O, S, V and Z, with a 6-digit region code in positions 3 to 8."),
            code="uscc_format",
        )
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong: "
              "please check the code."),
            code="uscc_check_char",
        )


def validate_mobile(value: str) -> None:
    """A mainland mobile number: 11 digits starting 13 to 19."""
    if not _MOBILE_RE.match(normalize_identifier(value)):
        raise ValidationError(
            _("A mobile number has 11 digits and starts with 13 to 19."), code="mobile"
        )


def validate_landline(value: str) -> None:
    """A landline with its area code (0871-65123456, extension allowed) or a 400/800 number."""
    if not _LANDLINE_RE.match(normalize_identifier(value)):
        raise ValidationError(
            _("A landline number needs its area code, e.g. 0871-65123456 or 010-62345678-801."),
            code="landline",
        )


def validate_phone(value: str) -> None:
    """A mobile or a landline number."""
    number = normalize_identifier(value)
    if _MOBILE_RE.match(number) or _LANDLINE_RE.match(number):
        return
    raise ValidationError(
        _("Enter an 11-digit mobile number or a landline with its area code "
          "(e.g. 0871-65123456)."),
        code="phone",
    )
