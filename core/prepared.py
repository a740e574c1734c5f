"""Query shapes compiled to SQL once per process (issue 10).

Django compiles a queryset to SQL every time it is evaluated: at 0.7 ms for a plain
select_related and 3 ms for one with four EXISTS (this machine), compiling was the largest
share of the customer page's CPU. A `Prepared` query is built once per database with markers
in place of its varying values (primary keys, moments, texts); later reads substitute the
values in the cached parameters and run the cached SQL. The shape must depend on nothing but those
values: no language, no date, no user.
"""

import datetime
import itertools
import re
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

# A key no table will hold, so that it is found among the compiled parameters (the n-th value
# of a shape is this minus n). Positive and within a bigint: Django compiles a lookup of a
# value outside its field's range (a positive field's, a 64-bit one's) to "no rows".
_MARKER = 7_987_654_321_012_345_678
# The keys a database integer can hold (a 64-bit bigint); any other finds nothing.
_KEYS = range(-(2**63), 2**63)
# The kinds of value a shape takes: a primary key, a moment (an aware datetime) or a text.
# A text is compared for equality or matched by the LIKE lookups (contains, startswith,
# endswith, case-insensitive or not), whose patterns escape it as Django does.
KEY, MOMENT, TEXT = "key", "moment", "text"
KINDS = (KEY, MOMENT, TEXT)
# Names of the statements prepared on the database server (PostgreSQL, `server_side`).
_NAMES = (f"archive_prepared_{number}" for number in itertools.count(1))
_PLACEHOLDER = re.compile(r"%([s%])")


def _marker(kind: str, index: int):
    if kind == KEY:
        return _MARKER - index
    if kind == TEXT:
        # Private-use characters: no text searched holds them, and the LIKE escaping of
        # Django's lookups leaves them as they are.
        return f"\ue000prepared-{index}\ue001"
    # A moment no record holds: 1901-01-01 00:00:00 UTC plus one second per value.
    return datetime.datetime(1901, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(seconds=index)


def _adapt(kind: str, value, connection):
    """`value` as the compiled parameters hold it on `connection` (Django adapts moments per
    database: unchanged on PostgreSQL, a UTC string on SQLite)."""
    if kind == KEY:
        return int(value)
    if kind == TEXT:
        return str(value)
    return connection.ops.adapt_datetimefield_value(value)


def _place(param, marker, kind: str):
    """How a compiled parameter holds a value's marker: "equal", "pattern" (a LIKE pattern
    around it) or None."""
    if type(param) is type(marker) and param == marker:
        return "equal"
    if kind == TEXT and isinstance(param, str) and marker in param:
        return "pattern"
    return None


class Prepared:
    """`build(*values)` gives a `values_list` queryset whose only varying values are `values`,
    of the `kinds` given (one key unless told); `rows(*values)` gives its rows (lists, as the
    database driver returns them, converted as Django converts them), `sql(*values)` its SQL
    and parameters."""

    def __init__(self, build: Callable[..., QuerySet], kinds: tuple[str, ...] = (KEY,), *,
                 server_side: bool = False):
        if not kinds or set(kinds) - set(KINDS):
            raise ValueError(f"the kinds of value are {', '.join(KINDS)}")
        self._build = build
        self._kinds = tuple(kinds)
        self._compiled: dict[str, tuple] = {}
        # PostgreSQL plans a statement anew on every run; a join of many tables can take
        # longer to plan than to run. `server_side` prepares it once per database session.
        self._server_side = server_side
        self._name = next(_NAMES)

    def _compile(self, using: str) -> tuple:
        connection = connections[using]
        markers = [_marker(kind, index) for index, kind in enumerate(self._kinds)]
        queryset = self._build(*markers)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        adapted = [_adapt(kind, marker, connection)
                   for kind, marker in zip(self._kinds, markers, strict=True)]
        # (position in the parameters, which value goes there, how)
        positions = tuple((position, index, place) for position, param in enumerate(params)
                          for index, (kind, marker) in enumerate(
                              zip(self._kinds, adapted, strict=True))
                          if (place := _place(param, marker, kind)))
        if {index for _position, index, _place in positions} != set(range(len(markers))):
            raise ValueError("the prepared query does not use its value")
        # The database's converters of each column (dates on SQLite, booleans …), as
        # SQLCompiler.results_iter applies them.
        converters = compiler.get_converters([column[0] for column in compiler.select])
        return sql, tuple(params), positions, converters

    def _compiled_for(self, using: str) -> tuple:
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        return compiled

    def _check(self, values) -> None:
        if len(values) != len(self._kinds):
            raise TypeError(f"the prepared query takes {len(self._kinds)} values")

    def sql(self, *values, using: str = "default") -> tuple[str, list]:
        """The cached SQL and its parameters with `values` in place."""
        self._check(values)
        sql, params, positions, _converters = self._compiled_for(using)
        connection = connections[using]
        adapted = [_adapt(kind, value, connection)
                   for kind, value in zip(self._kinds, values, strict=True)]
        compiled, params = params, list(params)
        for position, index, place in positions:
            if place == "equal":
                params[position] = adapted[index]
            else:
                marker = _adapt(self._kinds[index], _marker(self._kinds[index], index),
                                connection)
                params[position] = compiled[position].replace(
                    marker, connection.ops.prep_for_like_query(adapted[index]))
        return sql, params

    def rows(self, *values, using: str = "default") -> list[list]:
        """The rows, each value converted as Django converts it for the queryset. A key no
        database integer can hold finds nothing (as the ORM's lookup), without a query."""
        self._check(values)
        if any(kind == KEY and int(value) not in _KEYS
               for kind, value in zip(self._kinds, values, strict=True)):
            return []
        sql, params = self.sql(*values, using=using)
        converters = self._compiled_for(using)[3]
        connection = connections[using]
        with connection.cursor() as cursor:
            if self._server_side and connection.vendor == "postgresql":
                self._execute_prepared(connection, cursor, sql, params)
            else:
                cursor.execute(sql, params)
            rows = [list(row) for row in cursor.fetchall()]
        for row in rows:
            for position, (functions, expression) in converters.items():
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
        return rows

    def _execute_prepared(self, connection, cursor, sql: str, params: list) -> None:
        """PREPARE the statement on the server once per database session (a statement
        prepared outlives a rolled-back transaction, not the session), then EXECUTE it: the
        server plans it for the first runs and then keeps a generic plan."""
        session = connection.connection  # the driver's connection: a new one after a reconnect
        prepared = getattr(connection, "_prepared_statements", None)
        if prepared is None or prepared[0] is not session:
            prepared = connection._prepared_statements = (session, set())
        if self._name not in prepared[1]:
            number = itertools.count(1)
            statement = _PLACEHOLDER.sub(
                lambda match: f"${next(number)}" if match[1] == "s" else "%", sql)
            cursor.execute(f"PREPARE {self._name} AS {statement}")
            prepared[1].add(self._name)
        if params:
            cursor.execute(f"EXECUTE {self._name} ({', '.join(['%s'] * len(params))})",
                           params)
        else:
            cursor.execute(f"EXECUTE {self._name}")
