"""Point 9 of issue 8: the audit is append-only in the database and hash-chained.

Business querysets refuse update()/bulk_update() (they would bypass history); database triggers
refuse UPDATE/DELETE (and TRUNCATE on PostgreSQL) on every history table, on the approval
decisions and on the access log; `verify_audit_chain` names the first altered row.
"""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory, override_settings
from simple_history.models import HistoricalChanges

from approvals.models import Decision
from approvals.services import approval_decide, approval_submit
from core.access import access_log_write
from core.audit import append_only_tables, audit_maintenance, installed_trigger_tables
from core.models import AccessLog, NumberSequence, UnrecordedUpdateForbidden
from customers.models import Customer
from tests.accounts.factories import UserFactory
from tests.approvals.factories import ApplicationFactory, route
from tests.customers.factories import make_customer
from tests.testapp.factories import MemoFactory

pytestmark = pytest.mark.django_db


def _log(user, obj, **extra):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.8", HTTP_USER_AGENT="pytest")
    request.user = user
    return access_log_write(request=request, obj=obj, **extra)


def _decision(approve=True):
    submitter = UserFactory(roles=["staff"])
    approver = UserFactory(roles=["market_manager"])
    route({"role": "market_manager"})
    request = approval_submit(target=ApplicationFactory(), by=submitter)
    return approval_decide(step=request.steps.get(), by=approver, approve=approve,
                           comment="" if approve else "资料不全")


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _refused(sql, params=()):
    """Run `sql` in a savepoint and return the database's refusal (or None if it ran)."""
    try:
        with transaction.atomic():
            _raw(sql, params)
    except DatabaseError as exc:
        return str(exc)
    return None


def _verify():
    from io import StringIO

    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


# --- update() / bulk_update() on business querysets ------------------------------------------
def test_queryset_update_on_a_business_model_is_refused(staff_user, sales_director):
    """`Customer.objects.filter(...).update(name=...)` raises and changes nothing: it would skip
    the history and the services' checks."""
    customer = make_customer(by=staff_user, name="原名称")

    with pytest.raises(UnrecordedUpdateForbidden, match=r"update\(\)"):
        Customer.objects.filter(pk=customer.pk).update(name="改过的名称")

    customer.refresh_from_db()
    assert customer.name == "原名称"


def test_bulk_update_on_a_business_model_is_refused(staff_user, sales_director):
    """`bulk_update()` raises too (it is update() in a loop, without history)."""
    customer = make_customer(by=staff_user, name="原名称")
    customer.name = "改过的名称"

    with pytest.raises(UnrecordedUpdateForbidden):
        Customer.objects.bulk_update([customer], ["name"])

    customer.refresh_from_db()
    assert customer.name == "原名称"


def test_related_managers_and_the_access_log_refuse_update_too(staff_user):
    """A related manager is built from the same queryset; the access log refuses as well."""
    memo = MemoFactory()
    _log(staff_user, memo)

    with pytest.raises(UnrecordedUpdateForbidden):
        staff_user.access_logs.update(grant="改")
    with pytest.raises(UnrecordedUpdateForbidden):
        AccessLog.objects.update(grant="改")


def test_the_named_escape_runs_an_unrecorded_update():
    """`update_unrecorded()` is the explicit, greppable way for internal counters and guards."""
    sequence = NumberSequence.objects.create(series="T", year=2026)

    assert NumberSequence.objects.filter(pk=sequence.pk).update_unrecorded(last=5) == 1
    sequence.refresh_from_db()
    assert sequence.last == 5


# --- Triggers ------------------------------------------------------------------------------
def test_every_history_table_decisions_and_the_access_log_carry_the_triggers():
    """Every simple-history table (any model added later included), approvals_decision and
    core_accesslog have the append-only triggers in the database."""
    history_tables = {model._meta.db_table for model in apps.get_models()
                      if issubclass(model, HistoricalChanges)}
    named_historical = {table for table in connection.introspection.table_names()
                        if "_historical" in table}
    expected = history_tables | named_historical | {"approvals_decision", "core_accesslog"}

    assert history_tables and named_historical <= history_tables
    assert expected <= set(append_only_tables())
    assert expected - installed_trigger_tables(connection) == set()


def test_raw_update_and_delete_of_a_history_row_are_refused(staff_user, sales_director):
    """UPDATE and DELETE on a history table fail in the database, whatever the client."""
    customer = make_customer(by=staff_user, name="原名称")
    table = Customer.history.model._meta.db_table
    row = Customer.history.filter(id=customer.pk).first()

    assert _refused(f"UPDATE {table} SET name = %s WHERE history_id = %s",
                    ["篡改", row.history_id])
    assert _refused(f"DELETE FROM {table} WHERE history_id = %s", [row.history_id])
    assert Customer.history.get(history_id=row.history_id).name == "原名称"


def test_raw_update_and_delete_of_a_decision_are_refused():
    """A recorded approval decision cannot be rewritten or removed with SQL."""
    decision = _decision()

    assert _refused("UPDATE approvals_decision SET outcome = 'reject' WHERE id = %s",
                    [decision.pk])
    assert _refused("DELETE FROM approvals_decision WHERE id = %s", [decision.pk])
    assert Decision.objects.get(pk=decision.pk).outcome == "approve"


def test_raw_update_and_delete_of_the_access_log_are_refused(staff_user):
    """A read, once logged, stays logged exactly as written."""
    entry = _log(staff_user, MemoFactory())

    assert _refused("UPDATE core_accesslog SET user_agent = 'x' WHERE id = %s", [entry.pk])
    assert _refused("DELETE FROM core_accesslog WHERE id = %s", [entry.pk])
    assert AccessLog.objects.filter(pk=entry.pk, user_agent="pytest").exists()


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["customers_historicalcustomer", "approvals_decision",
                                   "core_accesslog"])
def test_truncate_of_history_decisions_and_the_access_log_is_refused_on_postgresql(table):
    """TRUNCATE skips row triggers, so PostgreSQL has a statement trigger for it."""
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists on PostgreSQL only")

    message = _refused(f"TRUNCATE {table} CASCADE")

    assert message and "append-only" in message


def test_the_maintenance_bypass_lets_a_change_through_only_inside_its_block(staff_user):
    """`audit_maintenance()` (used by the test flush) opens the triggers for its block only."""
    entry = _log(staff_user, MemoFactory())

    with audit_maintenance():
        _raw("UPDATE core_accesslog SET user_agent = 'maintenance' WHERE id = %s", [entry.pk])

    assert AccessLog.objects.filter(pk=entry.pk, user_agent="maintenance").exists()
    assert _refused("UPDATE core_accesslog SET user_agent = 'again' WHERE id = %s", [entry.pk])


@override_settings(DEBUG=False, TESTING=False)
def test_flush_refuses_outside_debug_and_tests():
    """`manage.py flush` would empty the audit: in production it refuses and deletes nothing."""
    AccessLog.objects.count()
    with pytest.raises(CommandError, match="audit"):
        call_command("flush", interactive=False, verbosity=0)


# --- Hash chains ----------------------------------------------------------------------------
def test_each_row_is_chained_to_the_previous_one(staff_user):
    """Rows carry the previous row's hash; the first one follows the genesis hash."""
    first, second = _log(staff_user, MemoFactory()), _log(staff_user, MemoFactory())

    assert len(first.row_hash) == 64 and second.prev_hash == first.row_hash
    assert first.row_hash != second.row_hash


def test_the_chain_head_is_the_last_rows_hash_read_without_compiling_a_queryset(staff_user):
    """chain_head runs on every logged read: plain SQL, the genesis hash for an empty chain."""
    from unittest import mock

    from django.db.models.sql.compiler import SQLCompiler

    from core.audit import GENESIS, chain_head

    with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("compiled")):
        empty = chain_head(AccessLog)
    first, second = _log(staff_user, MemoFactory()), _log(staff_user, MemoFactory())
    with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("compiled")):
        head = chain_head(AccessLog)

    assert empty == GENESIS
    assert head == second.row_hash != first.row_hash


def test_a_logged_read_is_inserted_without_compiling_a_query(staff_user):
    """The read log's row is written in plain SQL (core.audit.chain_insert), not by Django's
    save(): what is stored is what the instance holds, with the id the database gave it, and
    the chain it extends verifies."""
    from unittest import mock

    from django.contrib.contenttypes.models import ContentType
    from django.db.models.sql.compiler import SQLCompiler, SQLInsertCompiler

    memo = MemoFactory()
    ContentType.objects.get_for_model(memo)  # kept per process, as on any later page
    with (mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("compiled")),
          mock.patch.object(SQLInsertCompiler, "as_sql", side_effect=AssertionError("compiled"))):
        entry = _log(staff_user, memo, action=AccessLog.Action.PRINT, grant="grant: #7")
    stored = AccessLog.objects.get(pk=entry.pk)

    assert entry.pk is not None and not entry._state.adding
    assert [getattr(stored, field.attname) for field in AccessLog._meta.concrete_fields] == [
        getattr(entry, field.attname) for field in AccessLog._meta.concrete_fields]
    assert (stored.user, stored.record, stored.ip_address) == (staff_user, memo, "10.0.0.8")
    assert "core_accesslog: 1 rows intact" in _verify()


def test_a_chained_row_with_a_save_receiver_is_saved_by_django(staff_user):
    """A pre_save or post_save receiver of a chained model still runs: its rows then go
    through Django's save()."""
    from django.db.models.signals import post_save

    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append((instance.pk, created))

    post_save.connect(receiver, sender=AccessLog, weak=False)
    try:
        entry = _log(staff_user, MemoFactory())
    finally:
        post_save.disconnect(receiver, sender=AccessLog)

    assert seen == [(entry.pk, True)]
    assert "core_accesslog: 1 rows intact" in _verify()


def test_verify_audit_chain_passes_after_normal_writes(staff_user):
    """Logged reads (one by one and in bulk) and decisions give intact chains."""
    memo = MemoFactory()
    _log(staff_user, memo)
    _log(staff_user, memo, action=AccessLog.Action.PRINT, grant="grant: #1")
    AccessLog.objects.bulk_create([
        AccessLog(user=staff_user, content_type=AccessLog.objects.first().content_type,
                  object_id=str(memo.pk), object_repr="x", action="export")
        for _ in range(3)
    ])
    _decision(approve=True)
    _decision(approve=False)

    out = _verify()

    assert "core_accesslog: 5 rows intact" in out
    assert "approvals_decision: 2 rows intact" in out


def test_verify_audit_chain_names_a_row_altered_with_the_triggers_bypassed(staff_user):
    """A raw-SQL change made with the triggers disabled is caught: the command fails naming the
    table, the row id and the expected and stored hashes."""
    memo = MemoFactory()
    entries = [_log(staff_user, memo) for _ in range(3)]
    with audit_maintenance():
        _raw("UPDATE core_accesslog SET user_id = %s WHERE id = %s",
             [UserFactory().pk, entries[1].pk])

    with pytest.raises(CommandError) as excinfo:
        _verify()

    message = str(excinfo.value)
    assert f"core_accesslog row {entries[1].pk}" in message
    assert entries[1].row_hash in message and "expected" in message


def test_verify_audit_chain_names_the_row_after_a_deleted_decision():
    """Deleting a decision breaks the link of the next one, which is named."""
    first, gone, after = _decision(), _decision(), _decision()
    with audit_maintenance():
        _raw("DELETE FROM approvals_decision WHERE id = %s", [gone.pk])

    with pytest.raises(CommandError, match=f"approvals_decision row {after.pk}"):
        _verify()
    assert first.pk < after.pk


def test_verify_audit_chain_fails_when_a_table_lost_its_triggers(staff_user):
    """A dropped trigger (only the database owner can do that) is reported too."""
    _log(staff_user, MemoFactory())
    if connection.vendor == "postgresql":
        _raw("DROP TRIGGER archive_append_only_row ON core_accesslog")
    else:
        _raw('DROP TRIGGER "archive_append_only_core_accesslog_update"')

    with pytest.raises(CommandError, match="triggers missing or disabled on: core_accesslog"):
        _verify()


@pytest.mark.django_db(transaction=True)
def test_the_test_flush_empties_the_audit_tables_through_the_bypass(staff_user):
    """With TESTING on, `flush` (run by the suite between transactional tests) may empty the
    append-only tables, and the triggers are still there afterwards."""
    _log(staff_user, MemoFactory())

    call_command("flush", interactive=False, verbosity=0)

    assert not AccessLog.objects.exists()
    assert set(append_only_tables()) <= installed_trigger_tables(connection)
