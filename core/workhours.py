"""Working-time arithmetic for time limits: working days 09:00–17:30 Asia/Shanghai.

The hours and the ordinary working week come from settings (WORK_DAY_START, WORK_DAY_END,
WORK_DAYS: Monday to Friday). The exceptions come from the work calendar
(`core.models.WorkCalendarDay`, loaded from the State Council's schedule by
`core.workcalendar`, editable in the admin): a day is a working day when it is an active
make-up working day (调休上班) there, or when it is one of WORK_DAYS and not an active holiday
there. A year the table does not cover yet counts Monday to Friday only.

Reading the table: each call asks for the years it needs in one range query, kept in a small
per-process cache keyed by year (`_CACHE`). Saving a WorkCalendarDay clears it (post_save and
post_delete signals, connected in core.apps, clear it at once and again when the transaction
commits). Other processes see an edit within CACHE_SECONDS, after which their entries expire.
`add_working_hours` and `add_working_days` load the start's year and the next one up front; a
limit running past the end of that next year reads the table once more. No query runs per day.

Public API (used by the approval engine and the complaints app):
    is_working_day(day) -> bool
    working_day_hours() -> Decimal
    add_working_hours(start, hours) -> datetime
    add_working_days(start, days) -> datetime
    working_hours_between(start, end) -> Decimal
    working_days_between(start, end) -> Decimal
"""

import datetime
import threading
import time
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core.models import WorkCalendarDay

CACHE_SECONDS = 300
GUARD_YEARS = 10  # a time limit runs at most ten years: a guard, never reached in practice

_CACHE: dict[int, tuple[float, dict[datetime.date, str]]] = {}
_LOCK = threading.Lock()
_GENERATION = [0]  # bumped by each clear: a read that raced with a save is not cached


def clear_calendar_cache(*args, **kwargs) -> None:
    """Forget the cached calendar now and when the current transaction commits (a signal
    receiver: any arguments are ignored)."""
    _clear()
    if connection.in_atomic_block:  # else there is nothing to wait for
        transaction.on_commit(_clear)


def _clear() -> None:
    with _LOCK:
        _CACHE.clear()
        _GENERATION[0] += 1


def _exceptions(years: range) -> dict[int, dict[datetime.date, str]]:
    """{year: {date: kind}} of the active calendar rows of `years`; at most one query."""
    now = time.monotonic()
    with _LOCK:
        generation = _GENERATION[0]
        found = {year: entry[1] for year in years
                 if (entry := _CACHE.get(year)) and now - entry[0] <= CACHE_SECONDS}
    missing = [year for year in years if year not in found]
    if missing:
        loaded: dict[int, dict[datetime.date, str]] = {year: {} for year in missing}
        rows = WorkCalendarDay.objects.filter(
            is_active=True, date__gte=datetime.date(missing[0], 1, 1),
            date__lte=datetime.date(missing[-1], 12, 31)).values_list("date", "kind")
        for day, kind in rows:
            if day.year in loaded:
                loaded[day.year][day] = kind
        with _LOCK:
            if generation == _GENERATION[0]:
                _CACHE.update({year: (now, days) for year, days in loaded.items()})
        found.update(loaded)
    return found


class _Calendar:
    """Which days are worked, for one call: reads the years it is asked about in bulk."""

    def __init__(self, first_year: int, last_year: int):
        self.work_days = set(getattr(settings, "WORK_DAYS", (0, 1, 2, 3, 4)))
        self.years = _exceptions(range(first_year, last_year + 1))

    def is_working(self, day: datetime.date) -> bool:
        if day.year not in self.years:  # a limit beyond the years read: the next ten at once
            self.years.update(_exceptions(range(day.year, day.year + GUARD_YEARS + 1)))
        kind = self.years[day.year].get(day)
        if kind == WorkCalendarDay.Kind.WORKDAY:
            return True
        return day.weekday() in self.work_days and kind != WorkCalendarDay.Kind.HOLIDAY


def _hours():
    start = getattr(settings, "WORK_DAY_START", datetime.time(9, 0))
    end = getattr(settings, "WORK_DAY_END", datetime.time(17, 30))
    return start, end


def _day_minutes() -> int:
    start, end = _hours()
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def working_day_hours() -> Decimal:
    """The hours of one working day (8.5 for 09:00–17:30), to 2 decimals."""
    return (Decimal(_day_minutes()) / 60).quantize(Decimal("0.01"))


def is_working_day(day: datetime.date) -> bool:
    """Is `day` worked: a make-up working day, or an ordinary working day that is no holiday."""
    return _Calendar(day.year, day.year).is_working(day)


def _add(start: datetime.datetime, remaining: datetime.timedelta) -> datetime.datetime:
    day_start, day_end = _hours()
    moment = timezone.localtime(start)
    tz = moment.tzinfo
    calendar = _Calendar(moment.year, moment.year + 1)
    for _ in range(366 * GUARD_YEARS):
        opening = datetime.datetime.combine(moment.date(), day_start, tzinfo=tz)
        closing = datetime.datetime.combine(moment.date(), day_end, tzinfo=tz)
        if moment >= closing or not calendar.is_working(moment.date()):
            moment = datetime.datetime.combine(moment.date() + datetime.timedelta(days=1),
                                               day_start, tzinfo=tz)
            continue
        moment = max(moment, opening)
        if moment + remaining <= closing:
            return moment + remaining
        remaining -= closing - moment
        moment = closing
    raise ValueError("time limit too long")


def add_working_hours(start: datetime.datetime, hours) -> datetime.datetime:
    """The moment `hours` working hours after `start` (aware datetimes, in the current zone).

    Counting starts at `start` if it falls in working time, else at the next opening; a
    limit that uses up a day exactly ends at that day's closing.
    """
    return _add(start, datetime.timedelta(hours=float(Decimal(str(hours)))))


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """The moment `days` whole working days after `start`: `days` × working_day_hours()
    working hours, counted like add_working_hours.

    So a start in working time ends at the same clock time on the `days`-th next working day
    (Tuesday 10:00 + 5 → the fifth working day after, at 10:00), and a start outside working
    time (evening, weekend, holiday) ends at the closing of the `days`-th working day from the
    next opening (Saturday + 1 → Monday 17:30). working_days_between(start, result) == days.
    """
    if int(days) != days or days < 0:
        raise ValueError("days must be a whole number of days, not negative")
    return _add(start, datetime.timedelta(minutes=_day_minutes() * int(days)))


def _working_minutes(start: datetime.datetime, end: datetime.datetime) -> int:
    if end <= start:
        return 0
    day_start, day_end = _hours()
    start, end = timezone.localtime(start), timezone.localtime(end)
    tz = start.tzinfo
    calendar = _Calendar(start.year, end.year)
    total = datetime.timedelta()
    day = start.date()
    while day <= end.date():
        if calendar.is_working(day):
            opening = datetime.datetime.combine(day, day_start, tzinfo=tz)
            closing = datetime.datetime.combine(day, day_end, tzinfo=tz)
            span_start, span_end = max(opening, start), min(closing, end)
            if span_end > span_start:
                total += span_end - span_start
        day += datetime.timedelta(days=1)
    return int(total.total_seconds()) // 60


def working_hours_between(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    """Working hours from `start` to `end` (0 when end is not after start), to the minute."""
    return (Decimal(_working_minutes(start, end)) / 60).quantize(Decimal("0.01"))


def working_days_between(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    """Working days from `start` to `end`: working hours over the hours of a working day,
    to 2 decimals (0 when end is not after start)."""
    minutes = Decimal(_working_minutes(start, end))
    return (minutes / _day_minutes()).quantize(Decimal("0.01"))
