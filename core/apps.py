from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_migrate, post_save

        from core.audit import install_triggers_after_migrate, register_sqlite_function
        from core.models import WorkCalendarDay
        from core.workhours import clear_calendar_cache

        # The append-only audit (core.audit): the SQLite bypass function on every connection,
        # and the triggers re-created after every migrate (SQLite drops them with a rebuilt table).
        connection_created.connect(register_sqlite_function,
                                   dispatch_uid="core.audit.register_sqlite_function")
        post_migrate.connect(install_triggers_after_migrate, sender=self,
                             dispatch_uid="core.audit.install_triggers_after_migrate")
        # core.workhours caches the work calendar per process: a change clears it.
        post_save.connect(clear_calendar_cache, sender=WorkCalendarDay,
                          dispatch_uid="core.workhours.clear_calendar_cache.save")
        post_delete.connect(clear_calendar_cache, sender=WorkCalendarDay,
                            dispatch_uid="core.workhours.clear_calendar_cache.delete")
        # History reasons are codes (core.reasons): an unregistered one is refused in the tests.
        from simple_history.signals import pre_create_historical_record

        from core.reasons import check_reason

        def _check_history_reason(sender, history_instance=None, **kwargs):
            check_reason(getattr(history_instance, "history_change_reason", None))

        pre_create_historical_record.connect(_check_history_reason, weak=False,
                                             dispatch_uid="core.reasons.check_reason")
