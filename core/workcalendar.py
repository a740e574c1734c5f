"""The State Council's holiday schedule, from the chinesecalendar package into WorkCalendarDay.

chinesecalendar (pinned in requirements.txt) ships the schedule as data: `constants.holidays`
maps each day off of a statutory holiday (weekends inside the holiday included) to the
holiday's English name, `constants.workdays` maps each make-up working day (调休上班, always a
Saturday or Sunday) to the holiday it makes up for, and `Holiday(name).chinese` gives the
Chinese name. It knows the years from 2004 to its last release (1.11.0: up to 2026); every
December, after the State Council publishes the next year, upgrade the package and run
`manage.py load_work_calendar --year <next year>`.

`work_calendar_load` writes those days into the table idempotently: missing days are created,
days the package changed are updated, days the package no longer lists are deactivated, and a
hand-entered row (source "manual", which every save in the admin makes) is never touched. It
runs with the real models (the command: history through simple-history, naming `by`) and with
a migration's historical models (the data migration: history rows written here, as
contracts' 0008 does).
"""

import datetime
from dataclasses import dataclass

import chinese_calendar
from chinese_calendar.constants import Holiday, holidays, workdays
from django.apps import apps as global_apps
from django.db import transaction
from django.utils import timezone

from core.workhours import clear_calendar_cache

HOLIDAY, WORKDAY = "holiday", "workday"  # WorkCalendarDay.Kind, frozen for migrations
PACKAGE, MANUAL = "package", "manual"  # WorkCalendarDay.Source
REASON = f"calendar_loaded: chinesecalendar {chinese_calendar.__version__}"


@dataclass(frozen=True)
class PackageDay:
    date: datetime.date
    kind: str
    name: str


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    kept_manual: int = 0


def package_years() -> range:
    """The years chinesecalendar knows (its own bounds: the years of its holiday table)."""
    return range(min(holidays).year, max(holidays).year + 1)


def _chinese(name: str) -> str:
    try:
        return Holiday(name).chinese
    except ValueError:  # a name the enum does not list: keep the package's English
        return name


def package_days(years) -> list[PackageDay]:
    """The package's holidays and weekend make-up working days of `years`, in date order."""
    years = set(years)
    days = [PackageDay(day, HOLIDAY, _chinese(name))
            for day, name in holidays.items() if day.year in years]
    days += [PackageDay(day, WORKDAY, _chinese(name))
             for day, name in workdays.items() if day.year in years and day.weekday() >= 5]
    return sorted(days, key=lambda day: day.date)


@transaction.atomic
def work_calendar_load(*, years=None, by=None, apps=global_apps) -> LoadResult:
    """Bring the package's days of `years` (default: every year it knows) into the table.

    Idempotent; never changes a hand-entered row. `apps` is a migration's registry when the
    data migration calls it. Returns what was created, updated, deactivated and kept.
    """
    years = sorted(set(years) if years is not None else package_years())
    Day = apps.get_model("core", "WorkCalendarDay")
    writer = _Writer(apps, by)
    wanted = {day.date: day for day in package_days(years)}
    existing = {row.date: row for row in Day.objects.filter(date__year__in=years)}
    result = LoadResult()
    for date, row in existing.items():
        day = wanted.get(date)
        if row.source == MANUAL:
            result.kept_manual += 1
        elif day is None and row.is_active:
            row.is_active = False
            writer.save(row, "calendar_dropped")
            result.deactivated += 1
        elif day and (row.kind, row.name, row.is_active) != (day.kind, day.name, True):
            row.kind, row.name, row.is_active = day.kind, day.name, True
            writer.save(row, REASON)
            result.updated += 1
    new = [Day(date=day.date, kind=day.kind, name=day.name, source=PACKAGE, created_by=by)
           for date, day in wanted.items() if date not in existing]
    writer.create(new)
    result.created = len(new)
    clear_calendar_cache()  # bulk_create sends no post_save
    return result


class _Writer:
    """Saves with history: simple-history's own with the real models, rows written here with
    a migration's historical models (which simple-history does not watch)."""

    def __init__(self, apps, by):
        self.real = apps is global_apps
        self.by = by
        self.model = apps.get_model("core", "WorkCalendarDay")
        if not self.real:
            self.history = apps.get_model("core", "HistoricalWorkCalendarDay")

    def save(self, row, reason: str) -> None:
        if self.real:
            from core.services import save_recorded

            save_recorded(row, reason, self.by)
            return
        row.save()
        self._history([row], "~", reason)

    def create(self, rows) -> None:
        if not rows:
            return
        if self.real:
            from simple_history.utils import bulk_create_with_history

            for row in rows:
                row.full_clean(validate_unique=False)  # the dates were checked above
            bulk_create_with_history(rows, self.model, default_user=self.by,
                                     default_change_reason=REASON)
            return
        self.model.objects.bulk_create(rows)
        self._history(rows, "+", REASON)

    def _history(self, rows, history_type: str, reason: str) -> None:
        now = timezone.now()
        fields = [field.attname for field in self.model._meta.concrete_fields]
        self.history.objects.bulk_create([
            self.history(**{name: getattr(row, name) for name in fields}, history_date=now,
                         history_type=history_type, history_change_reason=reason,
                         history_user_id=getattr(self.by, "pk", None))
            for row in rows])
