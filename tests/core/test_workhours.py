import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core.workhours import add_working_hours, working_hours_between

pytestmark = pytest.mark.django_db  # the work calendar is a table

SH = ZoneInfo("Asia/Shanghai")


def at(day, hour, minute=0):
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=SH)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (at(23, 10), 2, at(23, 12)),               # Monday within the day
        (at(27, 16), Decimal("1.5"), at(27, 17, 30)),  # ends exactly at closing
        (at(27, 16), 8, at(30, 15, 30)),           # Friday → Monday over the weekend
        (at(28, 10), 2, at(30, 11)),               # Saturday start counts from Monday 9:00
        (at(24, 7), 1, at(24, 10)),                # before opening
        (at(24, 20), 1, at(25, 10)),               # after closing
        (at(23, 9), Decimal("8.5"), at(23, 17, 30)),  # a full day is 8.5 hours
        (at(23, 9), 9, at(24, 9, 30)),
    ],
)
def test_time_limits_count_working_hours_only(start, hours, due):
    """Time limits run Monday to Friday, 9:00–17:30 Shanghai time."""
    assert add_working_hours(start, hours) == due


def test_working_hours_between_skips_nights_and_weekends():
    """Friday 16:00 to Monday 10:00 is 2.5 working hours."""
    assert working_hours_between(at(27, 16), at(30, 10)) == Decimal("2.50")


def test_working_days_and_hours_are_configurable(settings):
    """A six-day week with 8:00–12:00 days changes the arithmetic."""
    settings.WORK_DAYS = (0, 1, 2, 3, 4, 5)
    settings.WORK_DAY_START = datetime.time(8)
    settings.WORK_DAY_END = datetime.time(12)

    assert add_working_hours(at(27, 11), 2) == at(28, 9)
