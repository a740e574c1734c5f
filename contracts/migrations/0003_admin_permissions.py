"""gm and sysadmin maintain contract types and clause templates; finance keeps the price
standard (第六条: a change of price is a new price-standard version)."""

from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import grant_model_permissions

    for group in ("gm", "sysadmin"):
        for model in ("contracttype", "clausetemplate"):
            grant_model_permissions(apps, group, "contracts", model, ("add", "change", "view"))
    grant_model_permissions(apps, "finance", "contracts", "pricestandard",
                            ("add", "change", "view"))


class Migration(migrations.Migration):
    dependencies = [("contracts", "0002_types_clauses_routes"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
