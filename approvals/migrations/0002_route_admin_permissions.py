"""sysadmin and gm edit approval routes and their steps in the admin (DESIGN.md §4 R2)."""

from django.db import migrations

ROUTE_ADMINS = ("sysadmin", "gm")


def grant(apps, schema_editor):
    from accounts.roles import grant_model_permissions

    for group in ROUTE_ADMINS:
        for model in ("approvalroute", "routestep"):
            grant_model_permissions(apps, group, "approvals", model, ("add", "change", "view"))
        grant_model_permissions(apps, group, "approvals", "delegation", ("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
