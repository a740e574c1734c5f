"""The State Council's holidays and make-up working days of every year chinesecalendar knows,
and the right of sysadmin and gm to keep the work calendar in the admin (core.workcalendar)."""

from django.db import migrations

CALENDAR_EDITORS = ("sysadmin", "gm")


def load(apps, schema_editor):
    from core.workcalendar import work_calendar_load

    work_calendar_load(apps=apps)


def grant(apps, schema_editor):
    from accounts.roles import grant_model_permissions

    for group in CALENDAR_EDITORS:
        grant_model_permissions(apps, group, "core", "workcalendarday", ("add", "change", "view"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_workcalendarday"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
