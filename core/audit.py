"""The append-only audit in the database (issue 8, point 9): triggers, their bypass, hash chains.

What is append-only: every django-simple-history table (``*_historical*``, found by model class,
so the history of a model added later is covered without touching this file), the approval
decisions (``approvals_decision``) and the read log (``core_accesslog``).

How it is enforced, three layers:

1. The ORM: business querysets refuse ``update()``/``bulk_update()`` and ``delete()``
   (``core.models.NoDeleteQuerySet``); the chained models refuse a second ``save()``.
2. The database: triggers refuse ``UPDATE`` and ``DELETE`` on every append-only table, on
   PostgreSQL and SQLite, and ``TRUNCATE`` on PostgreSQL (SQLite has none). They are created by
   ``install_append_only_triggers()``, which runs from the core and approvals migrations and
   after every ``migrate`` (``post_migrate`` in ``core.apps``). Creating them after each migrate
   matters on SQLite: altering a table there rebuilds it and drops its triggers.
3. The hash chains of ``core.models.HashChainedModel`` (access log, decisions), checked by
   ``manage.py verify_audit_chain``, which detects what a database owner could still do by
   dropping the triggers or using the bypass.

The bypass, ``audit_maintenance()``, exists for one sanctioned case: emptying a development or
test database (``manage.py flush``, run by the test suite between transactional and browser
tests; see ``core/management/commands/flush.py``, which refuses outside DEBUG and tests). On
PostgreSQL it sets the transaction-local setting ``archive.audit_maintenance = on``, which the
trigger function checks; on SQLite it raises a flag on the Django connection that the SQL
function ``archive_audit_maintenance()``, registered on each new connection, returns to the
triggers' ``WHEN`` clause. A connection without that function (the ``sqlite3`` shell) fails
closed. The bypass is not a security boundary against someone holding the database owner's
password — such a person can drop triggers too — which is why the chains exist.
"""

import datetime
import functools
import hashlib
import json
from contextlib import contextmanager

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import signals

GENESIS = "0" * 64
# The models whose rows are hash-chained and append-only besides the history tables.
CHAINED_MODELS = ("core.AccessLog", "approvals.Decision")

_PG_SETTING = "archive.audit_maintenance"
_PG_FUNCTION = "archive_append_only"
_TRIGGER_PREFIX = "archive_append_only"
_SQLITE_FUNCTION = "archive_audit_maintenance"


# --- Which tables ----------------------------------------------------------------------------
def append_only_tables() -> list[str]:
    """Every history table of simple-history plus the decisions and the access log."""
    from simple_history.models import HistoricalChanges

    tables = {model._meta.db_table for model in apps.get_models()
              if issubclass(model, HistoricalChanges) and model._meta.managed}
    for label in CHAINED_MODELS:
        tables.add(apps.get_model(label)._meta.db_table)
    return sorted(tables)


def chained_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in CHAINED_MODELS]


# --- Triggers --------------------------------------------------------------------------------
def installed_trigger_tables(connection) -> set[str]:
    """The tables on which all of the append-only triggers exist (and, on PostgreSQL, are on)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND t.tgname LIKE %s "
                "AND t.tgenabled <> 'D'",
                [f"{_TRIGGER_PREFIX}%"],
            )
            wanted = {f"{_TRIGGER_PREFIX}_row", f"{_TRIGGER_PREFIX}_truncate"}
            found: dict[str, set[str]] = {}
            for table, name in cursor.fetchall():
                found.setdefault(table, set()).add(name)
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{_TRIGGER_PREFIX}%"],
            )
            wanted = {"update", "delete"}
            found = {}
            for table, name in cursor.fetchall():
                found.setdefault(table, set()).add(name.rsplit("_", 1)[-1])
        else:
            return set()
    return {table for table, names in found.items() if wanted <= names}


def install_append_only_triggers(connection, tables=None) -> list[str]:
    """Create the missing append-only triggers; return the tables that got them.

    Idempotent and cheap when nothing is missing (one catalogue query), so it can run after
    every migrate and every flush. Tables not (yet) in the database are skipped.
    """
    if connection.vendor not in ("postgresql", "sqlite"):
        return []
    existing = set(connection.introspection.table_names())
    wanted = [table for table in (tables or append_only_tables()) if table in existing]
    missing = [table for table in wanted if table not in installed_trigger_tables(connection)]
    if not missing:
        return []
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION_SQL)
            for table in missing:
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {_TRIGGER_PREFIX}_row BEFORE UPDATE OR DELETE "
                    f"ON {quote(table)} FOR EACH ROW EXECUTE FUNCTION {_PG_FUNCTION}()"
                )
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {_TRIGGER_PREFIX}_truncate BEFORE TRUNCATE "
                    f"ON {quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION {_PG_FUNCTION}()"
                )
        else:
            for table in missing:
                for operation in ("UPDATE", "DELETE"):
                    name = quote(f"{_TRIGGER_PREFIX}_{table}_{operation.lower()}")
                    message = f"append-only: {operation} on {table} is refused"
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} "
                        f"ON {quote(table)} WHEN NOT {_SQLITE_FUNCTION}() "
                        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
                    )
    return missing


# Row triggers return the row unchanged when the bypass is on (RETURN NULL would silently skip
# the row); the TRUNCATE statement trigger's return value is ignored.
_PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {_PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('{_PG_SETTING}', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'History, approval decisions and the access log are never changed.';
END
$$;
"""


def install_triggers_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver (core.apps): (re)create triggers on every append-only table."""
    install_append_only_triggers(connections[using])


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """connection_created receiver: give each SQLite connection the bypass flag's function."""
    if connection.vendor != "sqlite":
        return

    def maintenance_on() -> int:
        return 1 if getattr(connection, "audit_maintenance", False) else 0

    connection.connection.create_function(_SQLITE_FUNCTION, 0, maintenance_on)


@contextmanager
def audit_maintenance(using: str = DEFAULT_DB_ALIAS):
    """Let UPDATE/DELETE/TRUNCATE through the append-only triggers inside this block only.

    Sanctioned callers: the project's ``flush`` command (development and test databases only)
    and the migrations that fill the hash chains of existing rows. Nothing else. The block is a
    transaction (a savepoint when nested): on PostgreSQL the setting is transaction-local and is
    switched back on leaving the block, and an error rolls the setting back with the savepoint.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT coalesce(current_setting(%s, true), '')", [_PG_SETTING])
                before = cursor.fetchone()[0] or "off"
                cursor.execute("SELECT set_config(%s, 'on', true)", [_PG_SETTING])
            yield
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, %s, true)", [_PG_SETTING, before])
        else:
            before = getattr(connection, "audit_maintenance", False)
            connection.audit_maintenance = True
            try:
                yield
            finally:
                connection.audit_maintenance = before


# --- Hash chains -----------------------------------------------------------------------------
def _canonical(field: models.Field, value):
    """One field's value as it reads back from either database: to_python, UTC, no ''/None."""
    if value is None:
        return None
    value = field.to_python(value)
    if isinstance(field, models.GenericIPAddressField) and not value:
        return None  # stored as NULL
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(value, bool | int | str):
        return value
    return str(value)


@functools.cache
def _chained_fields(model, field_names: tuple[str, ...]) -> tuple[models.Field, ...]:
    return tuple(model._meta.get_field(name) for name in field_names)


def row_digest(obj: models.Model, prev_hash: str, field_names) -> str:
    """SHA-256 of the row's named fields (canonical JSON, keys sorted) and the previous hash."""
    values = {field.attname: _canonical(field, getattr(obj, field.attname))
              for field in _chained_fields(type(obj), tuple(field_names))}
    payload = json.dumps({"fields": values, "prev_hash": prev_hash}, sort_keys=True,
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _lock_chain(model, using: str) -> None:
    """Serialise appends to one chain until the end of the transaction.

    PostgreSQL: a transaction-scoped advisory lock keyed by the table. SQLite: the project opens
    transactions with BEGIN IMMEDIATE (settings), so the writer already holds the write lock.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(model._meta.db_table)])


@functools.cache
def _lock_key(table: str) -> int:
    """The advisory lock's key of one chain: the first 8 bytes of SHA-256 of its table."""
    return int.from_bytes(hashlib.sha256(table.encode()).digest()[:8], "big", signed=True)


def chain_head(model, using: str = DEFAULT_DB_ALIAS) -> str:
    """The `row_hash` of the chain's last row (GENESIS for an empty chain). Plain SQL: it runs
    on every logged read of a record, where compiling the queryset was a third of the log
    entry's CPU (issue 10)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote('row_hash')} FROM {quote(model._meta.db_table)} "
                       f"ORDER BY {quote(model._meta.pk.column)} DESC LIMIT 1")
        last = cursor.fetchone()
    return GENESIS if last is None else last[0]


def chain_append(model, objs, *, using: str) -> None:
    """Set `prev_hash` and `row_hash` of new rows `objs` (in insertion order).

    Must run in the transaction that inserts them: the lock taken here is held until it ends,
    so no other writer can read the same head in between.
    """
    if not transaction.get_connection(using).in_atomic_block:
        raise RuntimeError("chain_append() must run inside the inserting transaction")
    _lock_chain(model, using)
    prev = chain_head(model, using)
    for obj in objs:
        if obj.pk is not None and not obj._state.adding:
            from core.models import AppendOnlyViolation

            raise AppendOnlyViolation(model._meta.verbose_name_plural)
        obj.prev_hash = prev
        obj.row_hash = row_digest(obj, prev, model.hash_chain_fields)
        prev = obj.row_hash


def chain_insert(obj: models.Model, using: str) -> bool:
    """INSERT the new chained row `obj` in plain SQL, as `Model.save()` would, and give it its
    id; False (nothing written) where `save()` must do it: a model with inheritance, an id
    not made by the database, or a pre_save/post_save receiver to run.

    Every read of a customer writes one AccessLog row, and Django's `save()` (signals,
    compiling the INSERT) was most of that row's CPU (issue 10); the statement here is built
    once per model and database."""
    model, meta = type(obj), obj._meta
    if (meta.parents or meta.auto_field is not meta.pk
            or signals.pre_save.has_listeners(model) or signals.post_save.has_listeners(model)):
        return False
    connection = connections[using]
    if not connection.features.can_return_columns_from_insert:
        return False
    fields, sql = _insert_statement(model, using)
    values = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        setattr(obj, meta.pk.attname, cursor.fetchone()[0])
    obj._state.adding, obj._state.db = False, using
    return True


@functools.cache
def _insert_statement(model, using: str) -> tuple[list[models.Field], str]:
    """The fields of `model` an INSERT names (all concrete ones but the database-made id) and
    the statement, with RETURNING the id."""
    quote = connections[using].ops.quote_name
    meta = model._meta
    fields = [field for field in meta.local_concrete_fields if field is not meta.pk]
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    return fields, (f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks}) "
                    f"RETURNING {quote(meta.pk.column)}")


def verify_chain(model, field_names=None, using: str = DEFAULT_DB_ALIAS):
    """Walk one chain in id order. Return (rows checked, head hash, first problem or None)."""
    field_names = field_names or model.hash_chain_fields
    table = model._meta.db_table
    prev, count = GENESIS, 0
    rows = model._base_manager.using(using).order_by("pk").iterator(chunk_size=2000)
    for row in rows:
        if row.prev_hash != prev:
            return count, prev, (
                f"{table} row {row.pk}: previous hash expected {prev}, stored "
                f"{row.prev_hash or '(empty)'} — a row before it was removed, altered or "
                f"inserted outside the chain"
            )
        expected = row_digest(row, prev, field_names)
        if expected != row.row_hash:
            return count, prev, (
                f"{table} row {row.pk}: hash expected {expected}, stored "
                f"{row.row_hash or '(empty)'} — the row was altered"
            )
        prev, count = row.row_hash, count + 1
    return count, prev, None


def fill_chain(model, field_names, using: str) -> int:
    """For data migrations: chain existing rows in id order (the triggers bypassed)."""
    prev, count = GENESIS, 0
    with audit_maintenance(using):
        for row in model._base_manager.using(using).order_by("pk").iterator(chunk_size=2000):
            row_hash = row_digest(row, prev, field_names)
            model._base_manager.using(using).filter(pk=row.pk).update(prev_hash=prev,
                                                                      row_hash=row_hash)
            prev, count = row_hash, count + 1
    return count
