"""The work calendar: what chinesecalendar provides, loading it (data migration and command)
without overwriting hand-entered days, and its admin, kept by the GM and the sysadmin."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from core.models import WorkCalendarDay
from core.reasons import reason
from core.services import save_recorded
from core.workcalendar import REASON, package_days, package_years, work_calendar_load

pytestmark = pytest.mark.django_db

Kind, Source = WorkCalendarDay.Kind, WorkCalendarDay.Source


def _table(year):
    return {row.date: (row.kind, row.name, row.source, row.is_active)
            for row in WorkCalendarDay.objects.filter(date__year=year)}


def _run(*args):
    out = StringIO()
    call_command("load_work_calendar", *args, stdout=out)
    return out.getvalue()


def test_the_package_gives_2026_national_day_and_its_make_up_days():
    """chinesecalendar 1.11.0: 国庆节 10/1–10/7, make-up Sunday 9/20 and Saturday 10/10."""
    days = {day.date: (day.kind, day.name) for day in package_days([2026])}

    assert [d for d, (kind, name) in days.items() if name == "国庆节" and kind == "holiday"] == [
        datetime.date(2026, 10, d) for d in range(1, 8)]
    assert [d for d, (kind, _) in days.items() if kind == "workday" and d.month in (9, 10)] == [
        datetime.date(2026, 9, 20), datetime.date(2026, 10, 10)]
    assert package_years() == range(2004, 2027)


def test_the_data_migration_loaded_every_year_the_package_knows():
    """Each year 2004–2026 has its holidays in the table, named in Chinese, from the package
    (a flushed database would have none: pytest-django runs transactional tests last)."""
    years = {day.year for day in WorkCalendarDay.objects.dates("date", "year")}

    assert years == set(package_years())
    row = WorkCalendarDay.objects.get(date=datetime.date(2026, 10, 1))
    assert (row.kind, row.name, row.source) == (Kind.HOLIDAY, "国庆节", Source.PACKAGE)
    assert row.history.get().history_change_reason == REASON


def test_the_loader_writes_history_with_a_migrations_models():
    """Run with a migration's historical models (as the data migration does), the loader
    creates the missing days and writes their history rows itself."""
    state = MigrationExecutor(connection).loader.project_state(
        ("core", "0005_load_work_calendar")).apps
    state.get_model("core", "WorkCalendarDay").objects.filter(date__year=2025).delete()

    result = work_calendar_load(years=[2025], apps=state)

    assert result.created == len(package_days([2025])) > 0
    row = WorkCalendarDay.objects.get(date=datetime.date(2025, 10, 1))
    assert row.name == "国庆节"
    assert row.history.latest().history_type == "+"


def test_loading_again_changes_nothing_and_keeps_hand_entered_days():
    """The company works 10/8 as a holiday too and took Saturday 10/10 off (entered by hand,
    one as a change of the package's row): two runs of the command keep both, add nothing,
    and write no history."""
    work_calendar_load(years=[2026])
    extra = WorkCalendarDay(date=datetime.date(2026, 10, 8), kind=Kind.HOLIDAY, name="公司假日")
    save_recorded(extra, "entered_by_hand", None)
    changed = WorkCalendarDay.objects.get(date=datetime.date(2026, 10, 10))
    changed.kind, changed.source = Kind.HOLIDAY, Source.MANUAL
    save_recorded(changed, reason("entered_by_hand", "company rest day"), None)
    before = _table(2026)
    history = WorkCalendarDay.history.count()

    first, second = _run("--year", "2026"), _run("--year", "2026")

    assert "0 days added, 0 updated, 0 deactivated, 2 hand-entered kept" in first
    assert first == second
    assert _table(2026) == before
    assert before[datetime.date(2026, 10, 10)][:2] == (Kind.HOLIDAY, "国庆节")
    assert WorkCalendarDay.history.count() == history


def test_loading_adds_missing_days_repairs_changed_ones_and_retires_unknown_ones():
    """A package day missing is added, one whose name changed is set back, and a package row
    the package no longer lists is taken out of force, each with history."""
    work_calendar_load(years=[2026])
    WorkCalendarDay.objects.filter(date=datetime.date(2026, 5, 1)).update_unrecorded(name="旧名")
    stray = WorkCalendarDay(date=datetime.date(2026, 3, 3), kind=Kind.HOLIDAY,
                            source=Source.PACKAGE)
    save_recorded(stray, "changed", None)
    # Rows are never deleted: a package day goes missing by moving it out of the year.
    WorkCalendarDay.objects.filter(date=datetime.date(2026, 6, 19)).update_unrecorded(
        date=datetime.date(2031, 6, 19))

    output = _run("--year", "2026")

    assert "1 days added, 1 updated, 1 deactivated, 0 hand-entered kept" in output
    assert WorkCalendarDay.objects.get(date=datetime.date(2026, 5, 1)).name == "劳动节"
    assert WorkCalendarDay.objects.get(date=datetime.date(2026, 6, 19)).name == "端午"
    stray.refresh_from_db()
    assert not stray.is_active
    assert stray.history.latest().history_change_reason == "calendar_dropped"


def test_the_command_refuses_a_year_the_package_does_not_know():
    """2027 is not published in chinesecalendar 1.11.0: say so rather than load nothing."""
    with pytest.raises(CommandError, match="2004–2026"):
        _run("--year", "2027")


# --- Admin ------------------------------------------------------------------------------------
@pytest.fixture
def day_2026(db):
    work_calendar_load(years=[2026])
    return WorkCalendarDay.objects.get(date=datetime.date(2026, 10, 10))


def test_business_staff_cannot_open_the_work_calendar_admin(client, staff_user, day_2026):
    """Even with admin access and the model permissions, a staff member is refused."""
    staff_user.is_staff = True
    staff_user.save()
    staff_user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="core", codename__endswith="_workcalendarday"))
    client.force_login(staff_user)

    assert client.get(reverse("admin:core_workcalendarday_changelist")).status_code == 403
    assert client.get(reverse("admin:core_workcalendarday_change",
                              args=[day_2026.pk])).status_code == 403
    assert client.get(reverse("admin:core_workcalendarday_add")).status_code == 403
    assert "core/workcalendarday" not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("editor", ["gm", "sysadmin", "superuser"])
def test_the_gm_sysadmin_and_superuser_keep_the_work_calendar(request, client, editor,
                                                              day_2026):
    """They list it filtered by year and kind; a day saved by them becomes hand-entered,
    with history naming them; nothing is deleted."""
    user = request.getfixturevalue(editor)
    user.is_staff = True
    user.save()
    client.force_login(user)

    listing = client.get(reverse("admin:core_workcalendarday_changelist"),
                         {"year": "2026", "kind__exact": Kind.WORKDAY})
    shown = [row.date for row in listing.context["cl"].result_list]
    response = client.post(reverse("admin:core_workcalendarday_change", args=[day_2026.pk]),
                           {"date": "2026-10-10", "kind": Kind.HOLIDAY, "name": "公司休息日",
                            "is_active": "on"})

    assert listing.status_code == 200
    assert shown == [datetime.date(2026, month, day) for month, day in
                     ((10, 10), (9, 20), (5, 9), (2, 28), (2, 14), (1, 4))]
    assert response.status_code == 302
    day_2026.refresh_from_db()
    assert (day_2026.kind, day_2026.source) == (Kind.HOLIDAY, Source.MANUAL)
    assert day_2026.history.latest().history_user == user
    assert client.get(reverse("admin:core_workcalendarday_delete",
                              args=[day_2026.pk])).status_code == 403
