"""A phone found by its last digits ("the number ending in 8511", customers/search.py) at a
million contacts on PostgreSQL: trigram indexes (pg_trgm, migration 0003) on the expression
Django's `endswith` produces (`mobile::text LIKE '%8511'`). Without them every contact's number
was read (200 ms at 1,000,000 contacts); with them a four-digit ending reads about a hundred.
SQLite keeps the plain scan, which is fine at its sizes."""

from django.db import migrations

from core.trigram import trigram_indexes

INDEXES = [
    ("customers_contact", "mobile", "customers_contact_mobile_trgm"),
    ("customers_contact", "landline", "customers_contact_landline_trgm"),
]


class Migration(migrations.Migration):
    dependencies = [("customers", "0005_void_entries_reopen_notice_requests")]

    operations = [trigram_indexes(INDEXES, upper=False)]
