"""The demo data, loaded once for the fuzz module and rolled back after it."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from accounts.management.commands.seed_demo import USERS
from accounts.models import User

PROJECT_APPS = ("accounts", "approvals", "complaints", "contracts", "core", "customers")
VALUE_FIELDS = ("number", "code", "username", "status", "kind", "category")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """seed_demo's users (one per role), customers and contracts, plus a superuser; the real
    primary keys and business numbers, so that fuzzed requests also reach existing records."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--force", stdout=io.StringIO())
        User.objects.create_superuser("root", "root@example.com", "Root-pass-2026")
        _complaints()
        pks, texts, by_model = set(), set(), {}
        for model in apps.get_models():
            if model._meta.app_label not in (*PROJECT_APPS, "auth", "axes", "guardian"):
                continue
            rows = model._default_manager.order_by("pk")
            by_model[model._meta.label_lower] = [
                str(pk) for pk in rows.values_list("pk", flat=True)[:60]]
            pks |= set(rows.values_list("pk", flat=True)[:30])
            for name in VALUE_FIELDS:
                if any(f.name == name for f in model._meta.concrete_fields):
                    texts |= {str(v) for v in rows.values_list(name, flat=True)[:10] if v}
        yield {
            "roles": [None, "root", *(row[0] for row in USERS)],
            "pks": sorted(pk for pk in pks if isinstance(pk, int)),
            "texts": sorted(texts),
            "pks_by_model": by_model,
        }
        transaction.set_rollback(True)


def _complaints() -> None:
    """A few complaints in the working states, unless seed_demo made some already, so that the
    complaint pages and actions are fuzzed on real records too."""
    from complaints import services
    from complaints.models import Complaint, ComplaintCategory

    if Complaint.objects.exists():
        return
    staff, manager = User.objects.get(username="staff"), User.objects.get(username="market_manager")
    production = User.objects.get(username="production")
    for quality in (False, True):
        complaint = services.complaint_register(
            by=staff, channel="phone", category=ComplaintCategory.objects.get(code="outage"),
            complaint_class="quality" if quality else "service", text="停气", caller_name="王",
            caller_phone="13812345678")
        if quality:
            services.complaint_assign(complaint=complaint, by=manager, handler=staff,
                                      co_handler=production)
