"""Creates the role groups of DESIGN.md §2 with their Chinese names (idempotent)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from accounts.roles import setup_roles

    setup_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
