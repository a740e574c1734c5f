"""The default 〈顾客满意度调查表〉, the required levels, the GM's route of the analysis report
(篇二 §6) and the GM's right to set the required levels (complaints/surveys/reference.py)."""

from django.db import migrations


def forward(apps, schema_editor):
    from complaints.surveys.reference import ensure_reference_data

    ensure_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("approvals", "0002_route_admin_permissions"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
