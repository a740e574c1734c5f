from decimal import Decimal

import pytest

from core.text import amount_in_capitals, mask_id_number, mask_phone


@pytest.mark.parametrize(
    ("amount", "capitals"),
    [
        ("12345.60", "壹万贰仟叁佰肆拾伍元陆角整"),
        ("0.05", "伍分"),
        ("100", "壹佰元整"),
        ("1000000", "壹佰万元整"),
        ("1.05", "壹元零伍分"),
        ("10.50", "壹拾元伍角整"),
        ("10010.01", "壹万零壹拾元零壹分"),
        ("100000001", "壹亿零壹元整"),
        ("0", "零元整"),
        ("-3.20", "负叁元贰角整"),
        ("0.005", "壹分"),
    ],
)
def test_amount_is_written_in_chinese_capitals(amount, capitals):
    """An amount reads in capitals as on a Chinese contract or receipt."""
    assert amount_in_capitals(Decimal(amount)) == capitals


def test_amount_in_capitals_accepts_numbers_and_strings_alike():
    """A Decimal, a string and an int give the same capitals."""
    assert amount_in_capitals(100) == amount_in_capitals("100.00") == amount_in_capitals(
        Decimal("100")
    )


def test_resident_id_is_masked_keeping_region_prefix_and_last_four():
    """Only the first 3 and last 4 characters of an ID number stay visible."""
    assert mask_id_number("11010519491231002X") == "110***********002X"


def test_mobile_number_is_masked_in_the_middle():
    """A mobile number shows its first 3 and last 4 digits."""
    assert mask_phone("13812345678") == "138****5678"


def test_landline_keeps_its_area_code_when_masked():
    """A landline keeps the area code and the last 4 digits."""
    assert mask_phone("0871-65123456") == "0871-****3456"


def test_short_and_empty_values_are_masked_whole():
    """A value too short to keep both ends is hidden entirely; empty stays empty."""
    assert mask_phone("12345") == "*****"
    assert mask_id_number("") == ""


def test_money_filter_groups_thousands_with_two_decimals():
    """Amounts on pages read 12,345.60; nothing reads as a dash."""
    from core.templatetags.core_format import cny

    assert cny(Decimal("12345.6")) == "12,345.60"
    assert cny(None) == "—"
