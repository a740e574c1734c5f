from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.testapp"
    label = "testapp"
    verbose_name = "Test-only models"

    def ready(self):
        from tests.testapp import approval_conditions, approval_targets  # noqa: F401
