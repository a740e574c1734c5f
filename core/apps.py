from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from core.audit import install_triggers_after_migrate, register_sqlite_function

        # The append-only audit (core.audit): the SQLite bypass function on every connection,
        # and the triggers re-created after every migrate (SQLite drops them with a rebuilt table).
        connection_created.connect(register_sqlite_function,
                                   dispatch_uid="core.audit.register_sqlite_function")
        post_migrate.connect(install_triggers_after_migrate, sender=self,
                             dispatch_uid="core.audit.install_triggers_after_migrate")
