"""`manage.py flush`, for development and test databases only.

Django's flush empties every table (DELETE on SQLite, TRUNCATE on PostgreSQL), which the
append-only triggers refuse on the history tables, the decisions and the access log
(core.audit). The test suite flushes between transactional and browser tests, and a developer
may reset a scratch database: with settings.DEBUG or settings.TESTING on, this command runs
Django's flush inside `core.audit.audit_maintenance()`, the sanctioned bypass. Otherwise it
refuses: a production audit is never emptied.
"""

from django.conf import settings
from django.core.management import CommandError
from django.core.management.commands.flush import Command as DjangoFlushCommand

from core.audit import audit_maintenance


class Command(DjangoFlushCommand):
    help = (DjangoFlushCommand.help + " Refused unless DEBUG or TESTING is on: the history, "
            "the decisions and the access log are append-only.")

    def handle(self, **options):
        if not (settings.DEBUG or getattr(settings, "TESTING", False)):
            raise CommandError(
                "flush would empty the append-only audit (history, decisions, access log); "
                "it runs only with DEBUG or TESTING on, on a development or test database."
            )
        with audit_maintenance(options["database"]):
            return super().handle(**options)
