"""The complaints dashboard's figures (issue 11, point 8), computed with aggregate queries.

Who sees which figures (`figures_scope`): the general manager and the company office see every
complaint; a department head sees the complaints received by the departments he heads
(accounts.Department.head); anyone else is refused (403).

The period, when given, selects the complaints *received* from `date_from` to `date_to`
(Asia/Shanghai days, both included); every figure but the trend is about those complaints.
The trend shows the twelve calendar months ending with the period's last month (this month
without a period): complaints received and complaints closed in each month.

Definitions (also printed on the page, HANDLING_TIME_DEFINITION):
- overdue: open complaints past their resolution limit, or past the first-response limit with
  no response yet (complaints.selectors.overdue_q);
- handling time: working days (core.workhours: the working hours of the work calendar, its
  holidays and make-up days 调休 included) from the receipt of a complaint to the general
  manager's approval of its handling result; a reopened complaint counts to its latest
  approval; a complaint answered through its incident counts to the incident's approval (zero
  when it came in after that approval). Complaints without an approved result are left out.
  Median, and 90th percentile by linear interpolation between the closest ranks (the method
  of Excel's PERCENTILE.INC);
- reopen rate: complaints reopened at least once (重办, a dissatisfied call-back) over the
  complaints that were given feedback at least once;
- call-back satisfaction: the shares of the call-backs recorded (every round) by result.

The number of queries does not depend on the number of complaints: ten, plus the work
calendar's (one per year, cached per process, core.workhours).
"""

import datetime
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import GM, OFFICE
from complaints.models import (
    CallbackResult,
    Complaint,
    ComplaintCallback,
    ComplaintCategory,
    ComplaintClass,
)
from complaints.selectors import overdue_q
from core.workhours import working_days_between

ALL_FIGURES_ROLES = frozenset({GM, OFFICE})
TREND_MONTHS = 12
HANDLING_TIME_DEFINITION = _(
    "Handling time: working days (09:00–17:30 on working days; statutory holidays left out, "
    "make-up working days counted) from the receipt of a complaint to the general manager's "
    "approval of its handling result. A reopened complaint counts to its latest approval; a "
    "complaint answered through its incident counts to the incident's approval. Complaints "
    "without an approved result are not counted. p90: the time within which nine in ten of them "
    "were approved (linear interpolation, as Excel's PERCENTILE.INC).")
# Answered: the feedback was given (the states after it), or it was reopened after one.
_ANSWERED = (Q(status__in=(*Complaint.AFTER_FEEDBACK, Complaint.Status.CLOSED))
             | Q(reopen_count__gt=0))


@dataclass(frozen=True)
class Row:
    """One line of a count table (and one bar of its chart)."""

    key: str
    label: str
    count: int
    share: Decimal | None = None  # percent, one decimal


@dataclass(frozen=True)
class HandlingTimes:
    count: int
    median: Decimal | None
    p90: Decimal | None


@dataclass(frozen=True)
class Month:
    month: datetime.date  # the first day of the month
    received: int
    closed: int


@dataclass(frozen=True)
class ComplaintFigures:
    total: int
    overdue: int
    by_status: list[Row]
    by_class: list[Row]
    by_category: list[Row]
    by_department: list[Row]
    handling: HandlingTimes
    answered: int
    reopened: int
    reopen_rate: Decimal | None  # percent
    satisfaction: list[Row]
    callbacks: int
    trend: list[Month]
    date_from: datetime.date | None
    date_to: datetime.date | None


def may_see_figures(user) -> bool:
    """The general manager, the company office and department heads see the dashboard."""
    return bool(user and user.is_authenticated and user.is_active and (
        user.role_codes & ALL_FIGURES_ROLES or user.departments_headed.exists()))


def figures_scope(*, user) -> QuerySet:
    """The complaints whose figures `user` sees (module docstring); PermissionDenied for a
    user who is neither general manager, office nor a department head."""
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied
    if user.role_codes & ALL_FIGURES_ROLES:
        return Complaint.objects.all()
    if not user.departments_headed.exists():
        raise PermissionDenied(_("The complaint figures are for the general manager, the "
                                 "company office and department heads."))
    return Complaint.objects.filter(receiving_department__head=user)


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _in_period(queryset: QuerySet, date_from, date_to) -> QuerySet:
    if date_from:
        queryset = queryset.filter(received_at__gte=_start_of_day(date_from))
    if date_to:
        queryset = queryset.filter(
            received_at__lt=_start_of_day(date_to + datetime.timedelta(days=1)))
    return queryset


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _grouped(queryset: QuerySet, field: str) -> dict:
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))


def _rows(counts: dict, choices, *, total: int | None = None,
          keep_zero: bool = True) -> list[Row]:
    rows = [Row(str(key), str(label), counts.get(key, 0),
                _percent(counts.get(key, 0), total) if total is not None else None)
            for key, label in choices]
    return [row for row in rows if keep_zero or row.count]


def _by_category(queryset: QuerySet) -> list[Row]:
    """Counts per top-level category (a sub-category counts for its parent)."""
    counts = dict(queryset.order_by()
                  .annotate(top=Coalesce("category__parent_id", "category_id"))
                  .values_list("top").annotate(n=Count("pk")))
    tops = ComplaintCategory.objects.filter(parent=None).values_list("pk", "name")
    return _rows(counts, tops, keep_zero=False)


def _by_department(queryset: QuerySet) -> list[Row]:
    rows = (queryset.order_by().values_list("receiving_department_id",
                                            "receiving_department__name")
            .annotate(n=Count("pk")).order_by("-n", "receiving_department__name"))
    return [Row(str(pk), name, count) for pk, name, count in rows]


def _percentile(values: list[Decimal], fraction: Decimal) -> Decimal:
    """Linear interpolation between the closest ranks of sorted `values` (PERCENTILE.INC)."""
    position = (len(values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def _handling_times(queryset: QuerySet) -> HandlingTimes:
    """One query for the (receipt, approval) pairs; working days counted in Python with the
    cached work calendar."""
    pairs = (queryset.order_by()
             .filter(Q(resolved_at__isnull=False)
                     | Q(parent__resolved_at__isnull=False) & ~Q(status__in=Complaint.OPEN))
             .annotate(end=Coalesce("resolved_at", "parent__resolved_at"))
             .values_list("received_at", "end"))
    days = sorted(working_days_between(start, end) for start, end in pairs)
    if not days:
        return HandlingTimes(0, None, None)
    cent = Decimal("0.01")
    return HandlingTimes(len(days), Decimal(statistics.median(days)).quantize(cent),
                         _percentile(days, Decimal("0.9")).quantize(cent))


def _month_start(day: datetime.date, back: int = 0) -> datetime.date:
    index = day.year * 12 + day.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


def _monthly(queryset: QuerySet, field: str, first: datetime.date) -> dict:
    rows = (queryset.order_by().filter(**{f"{field}__gte": _start_of_day(first)})
            .annotate(month=TruncMonth(field)).values_list("month")
            .annotate(n=Count("pk")))
    counts = {}
    for month, count in rows:
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) \
                else month.date()
        counts[month] = counts.get(month, 0) + count
    return counts


def _trend(scope: QuerySet, last_day: datetime.date) -> list[Month]:
    first = _month_start(last_day, TREND_MONTHS - 1)
    end = _start_of_day(_month_start(last_day, -1))
    received = _monthly(scope.filter(received_at__lt=end), "received_at", first)
    closed = _monthly(scope.filter(closed_at__lt=end), "closed_at", first)
    months = [_month_start(last_day, back) for back in range(TREND_MONTHS - 1, -1, -1)]
    return [Month(month, received.get(month, 0), closed.get(month, 0)) for month in months]


def complaint_figures(*, user, date_from: datetime.date | None = None,
                      date_to: datetime.date | None = None,
                      now: datetime.datetime | None = None) -> ComplaintFigures:
    """The dashboard's figures for `user` (PermissionDenied when he may not see them), for
    the complaints received in the period (module docstring: definitions)."""
    now = now or timezone.now()
    scope = figures_scope(user=user)
    complaints = _in_period(scope, date_from, date_to)
    totals = complaints.order_by().aggregate(
        total=Count("pk"), overdue=Count("pk", filter=overdue_q(now)),
        answered=Count("pk", filter=_ANSWERED), reopened=Count("pk", filter=Q(reopen_count__gt=0)))
    satisfaction = _grouped(ComplaintCallback.objects.filter(complaint__in=complaints), "result")
    callbacks = sum(satisfaction.values())
    return ComplaintFigures(
        total=totals["total"], overdue=totals["overdue"],
        by_status=_rows(_grouped(complaints, "status"), Complaint.Status.choices),
        by_class=_rows(_grouped(complaints, "complaint_class"), ComplaintClass.choices),
        by_category=_by_category(complaints),
        by_department=_by_department(complaints),
        handling=_handling_times(complaints),
        answered=totals["answered"], reopened=totals["reopened"],
        reopen_rate=_percent(totals["reopened"], totals["answered"]),
        satisfaction=_rows(satisfaction, CallbackResult.choices, total=callbacks),
        callbacks=callbacks,
        trend=_trend(scope, date_to or timezone.localdate(now)),
        date_from=date_from, date_to=date_to,
    )
