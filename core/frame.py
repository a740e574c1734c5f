"""The page frame's per-request memo: what every page reads about its user (role groups,
delegated seats, the inbox count) is read once per user object, not once per caller.

A user object lives for one request (the authentication middleware loads it again for the
next one), so a memo never outlives the request. Within the request, and in tests that keep a
user object across writes, a save or delete of a model the frame is read from (registered with
`watch`), or a change of a user's groups, forgets every memo of this process: the next read
queries again. Nothing is kept across requests, so a role removed or a delegation revoked in
another process takes effect on the next request there too.

A value another app can read together with its own in the same query is `read` through the
reader that app `provide`s (a dotted path, as the navigation's badges): the approvals app reads
the user's role rows and the day's delegations in one query and `prime`s its seats with them.

The numbers the navigation shows on every page (the waiting steps, the unread notifications)
are `counted` together: each app registers the SQL of its rows (`count_provide`), and the first
number a page asks for reads every registered number it does not know yet in one query.
"""

from collections.abc import Callable
from itertools import count

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.module_loading import import_string

_generation = count()
_current = next(_generation)
_watched: set[type] = set()
_readers: dict[str, str] = {}
_counts: dict[str, str] = {}


def forget() -> None:
    """Forget every memo of this process (a write the frame is read from happened)."""
    global _current
    _current = next(_generation)


def memo(obj, key, compute: Callable):
    """`compute()`, kept on `obj` under `key` until the next write of a watched model."""
    memos = getattr(obj, "_frame_memo", None)  # through request.user's lazy wrapper too
    if memos is None or memos[0] != _current:
        memos = (_current, {})
        obj._frame_memo = memos
    if key not in memos[1]:
        generation = _current  # a write while computing leaves the result unkept
        value = compute()
        if generation != _current:
            return value
        memos[1][key] = value
    return memos[1][key]


def prime(obj, key, value) -> None:
    """Keep `value` on `obj` under `key`, read by a reader together with another key."""
    memo(obj, key, lambda: value)


def provide(key: str, reader: str) -> None:
    """Let the function at dotted path `reader` (called with the object) read `key`."""
    _readers[key] = reader


def read(obj, key: str, default: Callable):
    """`key` of `obj` through its provided reader, else `default(obj)`; memoized."""
    return memo(obj, key, lambda: (import_string(_readers[key]) if key in _readers
                                   else default)(obj))


def count_provide(name: str, rows_sql: str) -> None:
    """Register the frame's number `name`: the function at dotted path `rows_sql`, called with
    the user, gives (sql, params) of a SELECT of the rows to count, its LIMIT included."""
    _counts[name] = rows_sql


def counted(user, name: str) -> int:
    """The frame's number `name` for `user`. The first read also reads every other registered
    number not yet known in this request, in the same query; a number a page already counted
    otherwise is `prime`d under ("count", name) and not read again."""
    key = ("count", name)
    memos = getattr(user, "_frame_memo", None)
    known = memos[1] if memos is not None and memos[0] == _current else {}
    if key not in known:
        names = [other for other in _counts if ("count", other) not in known or other == name]
        parts = [import_string(_counts[other])(user) for other in names]
        select = ", ".join(f"(SELECT COUNT(*) FROM ({sql}) c{i})"
                           for i, (sql, _params) in enumerate(parts))
        generation = _current
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {select}", [param for _sql, params in parts
                                                for param in params])
            values = cursor.fetchone()
        if generation != _current:  # a write meanwhile: not kept, as in memo()
            return values[names.index(name)]
        for other, value in zip(names, values, strict=True):
            prime(user, ("count", other), value)
    return memo(user, key, lambda: 0)


def watch(*models) -> None:
    """Forget the memos whenever a row of one of `models` is saved or deleted, or (for an
    m2m `through` model) whenever such links are added, removed or cleared."""
    for model in models:
        if model in _watched:
            continue
        _watched.add(model)
        uid = f"core.frame:{model._meta.label}"
        post_save.connect(_forget, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_forget, sender=model, dispatch_uid=uid, weak=False)
        m2m_changed.connect(_forget_links, sender=model, dispatch_uid=uid, weak=False)


def _forget(**kwargs) -> None:
    forget()


def _forget_links(action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        forget()
