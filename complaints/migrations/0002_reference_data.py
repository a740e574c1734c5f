"""The complaint category tree, the general manager's route of handling results (篇二 §7.2,
§7.3) and the right of the GM and the system administrator to edit the categories
(complaints/reference.py)."""

from django.db import migrations


def forward(apps, schema_editor):
    from complaints.reference import ensure_reference_data

    ensure_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("approvals", "0002_route_admin_permissions"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
