"""The typical gas-use classes and the approval routes of the customer archive
(customers/reference.py)."""

from django.db import migrations


def create(apps, schema_editor):
    from customers.reference import ensure_reference_data

    ensure_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0001_initial"),
        ("approvals", "0002_route_admin_permissions"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
