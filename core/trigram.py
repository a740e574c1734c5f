"""Trigram indexes (pg_trgm) for substring search on PostgreSQL, made by data migrations: a GIN
index on the expression Django's lookup produces, so that the planner matches it. SQLite needs
no extension and keeps the plain scan, which is fine at its sizes."""

from django.db import migrations


def trigram_indexes(indexes: list[tuple[str, str, str]], *, upper: bool) -> migrations.RunPython:
    """A migration operation creating (and on reversal dropping) a trigram index per
    (table, column, index name): on `UPPER(column::text)` for `icontains` (upper=True), on
    `column::text` for `contains`/`endswith` (upper=False)."""

    def expression(column: str) -> str:
        text = f'("{column}")::text'
        return f"UPPER({text})" if upper else text

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, column, name in indexes:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                                  f"USING gin (({expression(column)}) gin_trgm_ops)")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for _table, _column, name in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)
