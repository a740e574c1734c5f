"""The complaint's time limits in working time (issue 11, point 3).

At intake (and again when a dissatisfied call-back reopens it) a complaint gets three moments,
counted from its start (received_at, or the reopening) on the company's working time
(core.workhours: working days, 09:00–17:30 by default):

- first_response_due: start + the category's first-response limit (working hours);
- resolution_due: start + the category's resolution limit (working days); a 12345 referral's
  external due date wins when it is earlier (the end of that working day);
- escalation_due: twice the resolution limit, i.e. resolution_due + the same working time
  again (so a 12345 date that shortens the limit shortens the escalation too).

The reminders (send_complaint_reminders, daily) follow from them, see `escalation_level`:
level 1 — the first-response limit passed without a first response: the holder of the
complaint is reminded (its handler; the department head while nobody is assigned; the office
while it waits for feedback); level 2 — the resolution limit passed: the department head too;
level 3 — twice the limit passed: the general manager too.

Days become hours in one function, `add_working_days`: a category's limit of n days is n
working days of core.workhours (`working_day_hours()` each), which skips the statutory
holidays and counts the make-up working days (调休) of the work calendar; unlike
core.workhours.add_working_days it takes fractional days (a limit of 1.5 days).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from core.workhours import add_working_hours, working_day_hours, working_hours_between

REMIND_HOLDER, ESCALATE_HEAD, ESCALATE_GM = 1, 2, 3


def add_working_days(start: datetime.datetime, days) -> datetime.datetime:
    """The moment `days` working days after `start` (the one place days become hours)."""
    return add_working_hours(start, Decimal(str(days)) * working_day_hours())


def end_of_working_day(day: datetime.date) -> datetime.datetime:
    """The close of business of `day` in the current time zone (a 12345 due date)."""
    end = getattr(settings, "WORK_DAY_END", datetime.time(17, 30))
    return timezone.make_aware(datetime.datetime.combine(day, end))


@dataclass(frozen=True)
class Deadlines:
    first_response_due: datetime.datetime
    resolution_due: datetime.datetime
    escalation_due: datetime.datetime


def complaint_deadlines(*, category, start: datetime.datetime,
                        external_due_on: datetime.date | None = None) -> Deadlines:
    """The three moments of a complaint of `category` started at `start` (module docstring)."""
    first = add_working_hours(start, category.first_response_limit)
    resolution = add_working_days(start, category.resolution_limit)
    if external_due_on is not None:
        resolution = min(resolution, max(end_of_working_day(external_due_on), start))
    first = min(first, resolution)
    escalation = add_working_hours(resolution, working_hours_between(start, resolution))
    return Deadlines(first_response_due=first, resolution_due=resolution,
                     escalation_due=escalation)


def escalation_level(complaint, now: datetime.datetime | None = None) -> int:
    """How far an open complaint's reminders go now: 0 (nothing due), REMIND_HOLDER,
    ESCALATE_HEAD or ESCALATE_GM (module docstring)."""
    if not complaint.is_open:
        return 0
    now = now or timezone.now()
    if complaint.escalation_due and complaint.escalation_due <= now:
        return ESCALATE_GM
    if complaint.resolution_due and complaint.resolution_due <= now:
        return ESCALATE_HEAD
    if (complaint.first_responded_at is None and complaint.first_response_due
            and complaint.first_response_due <= now):
        return REMIND_HOLDER
    return 0
