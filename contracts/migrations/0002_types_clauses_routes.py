"""The contract types of 第三条 with their clauses and the approval routes of 第四条
(contracts/reference.py)."""

from django.db import migrations


def create(apps, schema_editor):
    from contracts.reference import ensure_reference_data

    ensure_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0001_initial"),
        ("approvals", "0002_route_admin_permissions"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
