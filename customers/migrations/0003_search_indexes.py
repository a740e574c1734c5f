"""Substring search at a million customers on PostgreSQL: trigram indexes (pg_trgm) on the
expressions Django's `icontains` produces (UPPER(col::text) LIKE UPPER(%term%)). SQLite needs
no extension and keeps the plain scan, which is fine at its sizes."""

from django.db import migrations

INDEXES = [
    ("customers_customer", "name", "customers_customer_name_trgm"),
    ("customers_premises", "community", "customers_premises_community_trgm"),
    ("customers_premises", "street", "customers_premises_street_trgm"),
    ("customers_premises", "detail", "customers_premises_detail_trgm"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} '
            f'USING gin ((UPPER(("{column}")::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("customers", "0002_use_classes_and_routes")]

    operations = [migrations.RunPython(create, drop)]
