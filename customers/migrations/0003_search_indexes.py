"""Substring search at a million customers on PostgreSQL: trigram indexes (pg_trgm) on the
expressions Django's `icontains` produces (UPPER(col::text) LIKE UPPER(%term%)). SQLite needs
no extension and keeps the plain scan, which is fine at its sizes."""

from django.db import migrations

from core.trigram import trigram_indexes

INDEXES = [
    ("customers_customer", "name", "customers_customer_name_trgm"),
    ("customers_premises", "community", "customers_premises_community_trgm"),
    ("customers_premises", "street", "customers_premises_street_trgm"),
    ("customers_premises", "detail", "customers_premises_detail_trgm"),
]


class Migration(migrations.Migration):
    dependencies = [("customers", "0002_use_classes_and_routes")]

    operations = [trigram_indexes(INDEXES, upper=True)]
