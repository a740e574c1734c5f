from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.testapp"
    label = "testapp"
    verbose_name = "Test-only models"

    def ready(self):
        from core.reasons import BASES
        from tests.testapp import approval_conditions, approval_targets  # noqa: F401

        # The test views' read-log basis, a registered code like the apps' (core.reasons).
        BASES.register({"test_grant": "test grant"})
