"""`manage.py verify_audit_chain`: are the access log and the decisions as they were written?

Recomputes both hash chains (core.audit) in id order and checks that every append-only table
still has its triggers. Exit status 0 with a summary (rows and head hash of each chain: keep the
heads somewhere else, e.g. in the daily backup report, to detect a rewrite of a whole chain);
non-zero naming the first altered row of each broken chain (table, id, expected and stored
hash) or the tables that lost their triggers.
"""

from django.core.management import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from core.audit import append_only_tables, chained_models, installed_trigger_tables, verify_chain


class Command(BaseCommand):
    help = "Check the hash chains of the access log and the approval decisions, and the triggers."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database=DEFAULT_DB_ALIAS, **options):
        problems = []
        for model in chained_models():
            count, head, problem = verify_chain(model, using=database)
            if problem:
                problems.append(problem)
            else:
                self.stdout.write(f"{model._meta.db_table}: {count} rows intact, head {head}")
        connection = connections[database]
        if connection.vendor in ("postgresql", "sqlite"):
            existing = set(connection.introspection.table_names())
            unguarded = sorted(set(append_only_tables()) & existing
                               - installed_trigger_tables(connection))
            if unguarded:
                problems.append("append-only triggers missing or disabled on: "
                                + ", ".join(unguarded))
            else:
                self.stdout.write("append-only triggers present on all audit tables.")
        if problems:
            raise CommandError("audit chain broken:\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS("Audit chains intact."))
