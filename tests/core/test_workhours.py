import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core.models import WorkCalendarDay
from core.services import save_recorded
from core.workcalendar import work_calendar_load
from core.workhours import (
    add_working_days,
    add_working_hours,
    clear_calendar_cache,
    is_working_day,
    working_day_hours,
    working_days_between,
    working_hours_between,
)

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


# --- The work calendar: statutory holidays and make-up working days ---------------------------
# chinesecalendar 1.11.0's 2026 schedule (read in its constants.py): National Day 10/1–10/7
# (Thursday to Wednesday, 10/8 is worked), make-up working days Sunday 9/20 and Saturday 10/10;
# Mid-autumn 9/25–9/27.


def on(month, day, hour=0, minute=0):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=SH)


@pytest.fixture
def calendar_2026(db):
    """The package's 2026 days in the table (the data migration put them there; loading again
    changes nothing, and keeps this test independent of a flushed database)."""
    work_calendar_load(years=[2026])


def _hand_entered(day, kind=WorkCalendarDay.Kind.HOLIDAY, name="公司假日"):
    row = WorkCalendarDay(date=day, kind=kind, name=name)
    save_recorded(row, "entered_by_hand", None)
    return row


def test_a_limit_started_the_afternoon_before_national_day_ends_after_the_holiday(calendar_2026):
    """Wednesday 9/30 15:00 + 4 h: 2.5 h that day, then 10/1–10/7 are off, 1.5 h on 10/8."""
    assert add_working_hours(on(9, 30, 15), 4) == on(10, 8, 10, 30)
    assert [is_working_day(datetime.date(2026, 10, d)) for d in range(1, 9)] == [
        False] * 7 + [True]


def test_a_make_up_saturday_and_sunday_count_as_working_days(calendar_2026):
    """Friday 10/9 16:30 + 2 h ends on the make-up Saturday 10/10 at 10:00, not on Monday."""
    assert is_working_day(datetime.date(2026, 10, 10))
    assert is_working_day(datetime.date(2026, 9, 20))
    assert not is_working_day(datetime.date(2026, 10, 11))  # an ordinary Sunday
    assert add_working_hours(on(10, 9, 16, 30), 2) == on(10, 10, 10)
    assert working_hours_between(on(9, 19, 12), on(9, 21, 10)) == Decimal("9.50")


def test_a_hand_entered_holiday_is_honoured_and_its_save_clears_the_cache(calendar_2026):
    """A company day off on Wednesday 11/25, entered after the calendar was read, moves a
    Tuesday 17:00 + 1 h limit from Wednesday to Thursday; taken out of force, it moves back."""
    assert add_working_hours(on(11, 24, 17), 1) == on(11, 25, 9, 30)  # the year is cached now

    row = _hand_entered(datetime.date(2026, 11, 25))

    assert add_working_hours(on(11, 24, 17), 1) == on(11, 26, 9, 30)
    assert not is_working_day(datetime.date(2026, 11, 25))
    row.is_active = False
    save_recorded(row, "deactivated", None)
    assert add_working_hours(on(11, 24, 17), 1) == on(11, 25, 9, 30)


def test_a_hand_entered_make_up_day_is_honoured(db):
    """A Saturday entered as a make-up working day is worked."""
    _hand_entered(datetime.date(2026, 11, 28), kind=WorkCalendarDay.Kind.WORKDAY)

    assert add_working_hours(on(11, 27, 17), 1) == on(11, 28, 9, 30)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (on(11, 24, 10), 5, on(12, 1, 10)),        # Tuesday 10:00 → next Tuesday 10:00
        (on(11, 28, 10), 1, on(11, 30, 17, 30)),   # Saturday: from Monday's opening
        (on(11, 24, 20), 1, on(11, 25, 17, 30)),   # after closing: from the next opening
        (on(9, 30, 10), 1, on(10, 8, 10)),         # over National Day
        (on(10, 9, 10), 1, on(10, 10, 10)),        # onto the make-up Saturday
        (on(11, 24, 10), 0, on(11, 24, 10)),
    ],
)
def test_adding_working_days_keeps_the_clock_time_or_ends_at_a_closing(calendar_2026, start,
                                                                        days, due):
    """n working days are n × 8.5 working hours."""
    assert add_working_days(start, days) == due


def test_a_working_day_is_eight_and_a_half_hours():
    """09:00–17:30 is 8.5 hours."""
    assert working_day_hours() == Decimal("8.50")


@pytest.mark.parametrize("start", [on(9, 30, 15, 7), on(9, 19, 11), on(10, 10, 16),
                                   on(12, 30, 9), on(2, 13, 12), on(11, 28, 3)])
@pytest.mark.parametrize("days", [0, 1, 3, 7, 15])
def test_adding_working_days_and_counting_them_agree(calendar_2026, start, days):
    """working_days_between(start, add_working_days(start, n)) == n, over holidays, make-up
    days, weekends, a year end and starts outside working time."""
    assert working_days_between(start, add_working_days(start, days)) == days


def test_working_days_between_counts_fractions_and_skips_the_holiday(calendar_2026):
    """9/30 10:00 to 10/8 14:15 is one working day and 4.25 hours: 1.50 days."""
    assert working_days_between(on(9, 30, 10), on(10, 8, 14, 15)) == Decimal("1.50")
    assert working_days_between(on(10, 8), on(9, 30)) == Decimal("0.00")


def test_adding_negative_or_partial_working_days_is_refused():
    """Whole days only."""
    with pytest.raises(ValueError):
        add_working_days(on(11, 24, 10), -1)
    with pytest.raises(ValueError):
        add_working_days(on(11, 24, 10), 1.5)


def test_the_calendar_costs_one_query_whatever_the_span(calendar_2026,
                                                        django_assert_num_queries):
    """The table is read once per call for its years, then served from the cache: a 2-hour
    and a 30-working-day limit cost the same, and so does counting over a year end."""
    clear_calendar_cache()
    with django_assert_num_queries(1):
        add_working_hours(on(9, 1, 10), 2)
    clear_calendar_cache()
    with django_assert_num_queries(1):
        add_working_hours(on(9, 1, 10), Decimal("8.5") * 30)
    with django_assert_num_queries(0):
        add_working_hours(on(9, 1, 10), Decimal("8.5") * 30)
        working_hours_between(on(9, 1, 10), on(10, 30, 10))
    clear_calendar_cache()
    with django_assert_num_queries(1):
        working_days_between(on(12, 1, 10), datetime.datetime(2027, 1, 30, tzinfo=SH))
    clear_calendar_cache()
    with django_assert_num_queries(1):
        add_working_days(on(12, 20, 10), 30)


def test_the_approval_engine_sets_a_step_due_after_national_day(calendar_2026, monkeypatch,
                                                                 staff_user, market_manager):
    """A step with a 4-hour limit activated on 9/30 at 15:00 is due 10/8 at 10:30."""
    from django.utils import timezone

    from approvals.services import approval_submit
    from tests.approvals.factories import ApplicationFactory, route

    route({"role": "market_manager", "time_limit_hours": 4})
    monkeypatch.setattr(timezone, "now", lambda: on(9, 30, 15))

    request = approval_submit(target=ApplicationFactory(), by=staff_user)

    assert request.steps.get().due_at == on(10, 8, 10, 30)
