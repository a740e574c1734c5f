"""Working-hours arithmetic for time limits: Monday to Friday, 09:00–17:30 Asia/Shanghai.

The days and hours come from settings (WORK_DAYS, WORK_DAY_START, WORK_DAY_END). Public
holidays are not known to the system; a limit running over a holiday ends early.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone


def _window():
    start = getattr(settings, "WORK_DAY_START", datetime.time(9, 0))
    end = getattr(settings, "WORK_DAY_END", datetime.time(17, 30))
    days = set(getattr(settings, "WORK_DAYS", (0, 1, 2, 3, 4)))
    return start, end, days


def add_working_hours(start: datetime.datetime, hours) -> datetime.datetime:
    """The moment `hours` working hours after `start` (aware datetimes, in the current zone)."""
    day_start, day_end, work_days = _window()
    remaining = datetime.timedelta(hours=float(Decimal(str(hours))))
    moment = timezone.localtime(start)
    tz = moment.tzinfo
    for _ in range(3660):  # at most ten years of days: a guard, never reached in practice
        opening = datetime.datetime.combine(moment.date(), day_start, tzinfo=tz)
        closing = datetime.datetime.combine(moment.date(), day_end, tzinfo=tz)
        if moment.weekday() not in work_days or moment >= closing:
            moment = datetime.datetime.combine(moment.date() + datetime.timedelta(days=1),
                                               day_start, tzinfo=tz)
            continue
        moment = max(moment, opening)
        if moment + remaining <= closing:
            return moment + remaining
        remaining -= closing - moment
        moment = closing
    raise ValueError("time limit too long")


def working_hours_between(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    """Working hours from `start` to `end` (0 when end is not after start), to the minute."""
    if end <= start:
        return Decimal(0)
    day_start, day_end, work_days = _window()
    start, end = timezone.localtime(start), timezone.localtime(end)
    tz = start.tzinfo
    total = datetime.timedelta()
    day = start.date()
    while day <= end.date():
        if day.weekday() in work_days:
            opening = datetime.datetime.combine(day, day_start, tzinfo=tz)
            closing = datetime.datetime.combine(day, day_end, tzinfo=tz)
            span_start, span_end = max(opening, start), min(closing, end)
            if span_end > span_start:
                total += span_end - span_start
        day += datetime.timedelta(days=1)
    return (Decimal(int(total.total_seconds()) // 60) / 60).quantize(Decimal("0.01"))
