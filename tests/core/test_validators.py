import pytest
from django.core.exceptions import ValidationError

from core.validators import (
    validate_landline,
    validate_mobile,
    validate_phone,
    validate_resident_id,
    validate_uscc,
)


@pytest.mark.parametrize("number", ["11010519491231002X", "110101199003074258",
                                    "11010519491231002x"])
def test_resident_id_with_correct_check_digit_is_accepted(number):
    """A real 18-digit ID number passes, lower-case x included."""
    validate_resident_id(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("110101199003074259", "id_check_digit"),
        ("11010519491231002", "id_format"),
        ("1101051949123100AX", "id_format"),
        ("110105194902301234", "id_birth_date"),
        ("110105299001011234", "id_birth_date"),
    ],
)
def test_resident_id_errors_name_the_problem(number, code):
    """A wrong check digit, a bad format or an impossible birth date each has its own error."""
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id(number)

    assert excinfo.value.code == code


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110108551385082Q"])
def test_unified_social_credit_code_with_correct_check_character_is_accepted(code):
    """A real 统一社会信用代码 passes."""
    validate_uscc(code)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y44", "uscc_check_char"),
        ("91350100M000100Y4", "uscc_format"),
        ("91350100M000100I43", "uscc_format"),
        ("9135A100M000100Y43", "uscc_format"),
    ],
)
def test_unified_social_credit_code_errors_name_the_problem(code, error):
    """A wrong check character or a character outside the code's alphabet is refused."""
    with pytest.raises(ValidationError) as excinfo:
        validate_uscc(code)

    assert excinfo.value.code == error


@pytest.mark.parametrize("number", ["13812345678", "199 1234 5678"])
def test_mobile_numbers_are_accepted(number):
    """11 digits starting 13..19 (spaces ignored)."""
    validate_mobile(number)


@pytest.mark.parametrize("number", ["12812345678", "1381234567", "138123456789"])
def test_bad_mobile_numbers_are_refused(number):
    """Wrong prefix or length is refused."""
    with pytest.raises(ValidationError):
        validate_mobile(number)


@pytest.mark.parametrize("number", ["0871-65123456", "010-62345678-801", "02161234567",
                                    "400-810-8888"])
def test_landlines_with_area_code_are_accepted(number):
    """Area code plus number, with an optional extension, or a 400 number."""
    validate_landline(number)


@pytest.mark.parametrize("number", ["65123456", "871-65123456", "0871-0512345"])
def test_landlines_without_area_code_are_refused(number):
    """A local number alone is ambiguous and refused."""
    with pytest.raises(ValidationError):
        validate_landline(number)


def test_phone_accepts_mobile_or_landline_and_refuses_the_rest():
    """The generic phone validator takes either kind."""
    validate_phone("13812345678")
    validate_phone("0871-65123456")

    with pytest.raises(ValidationError):
        validate_phone("12345")
