"""The approval route of role changes (step: the general manager, 第十一条, 第十二条) and the
system administrator's right to file and follow role-change requests."""

from django.db import migrations


def forward(apps, schema_editor):
    from accounts.reference import ensure_reference_data

    ensure_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_role_change_request"),
        ("approvals", "0002_route_admin_permissions"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
