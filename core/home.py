"""The home page's to-do tiles (首页): each app registers its own, as it registers its menu
entries (core.navigation), from its `ready()`.

A tile is a count of the things waiting for the user and a link to the list that shows exactly
those rows (the list's own filter in the query string). Every count function costs one query
at most, whatever the data size: it counts at most `CAP` rows (`capped_count`), and the page
shows "99+" from there on, as the navigation badge does (core.navigation.BADGE_CAP).

A tile of the role's main duties (`always`) is shown muted when nothing waits, so that the user
knows where the work would appear; another tile is shown only when its count is not zero.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from core.navigation import BADGE_CAP
from core.prepared import KEY, MOMENT, Prepared

CAP = BADGE_CAP


@dataclass(frozen=True)
class Tile:
    key: str  # stable name, the tile's data-tile attribute
    label: str
    count: str  # dotted path of a function(user) -> int, one query at most
    url_name: str
    query: str | Callable = ""  # the list's filter: "tab=mine&status=draft", or f(user) -> str
    roles: frozenset[str] | None = None  # None: every signed-in user
    order: int = 100
    always: bool = True  # shown (muted) at zero; else only when something waits

    def visible_to(self, user) -> bool:
        return self.roles is None or bool(self.roles & user.role_codes)

    def url(self, user) -> str:
        query = self.query(user) if callable(self.query) else self.query
        path = reverse(self.url_name)
        return f"{path}?{query}" if query else path


_TILES: list[Tile] = []


def register(tile: Tile) -> None:
    """Add a tile to the home page (called from an app's `ready()`); a key is kept once."""
    if all(existing.key != tile.key for existing in _TILES):
        _TILES.append(tile)


def registered() -> list[Tile]:
    return sorted(_TILES, key=lambda tile: (tile.order, tile.key))


def capped_count(queryset: QuerySet, cap: int = CAP) -> int:
    """`SELECT COUNT(*) FROM (… LIMIT cap)`: one query that stops counting at `cap`."""
    return queryset.order_by().values("pk")[:cap].count()


def prepared_count(build: Callable[..., QuerySet], *, at_moment: bool = False
                   ) -> Callable[[object], int]:
    """A tile's count whose queryset `build(user_id)` (or `build(user_id, now)`) depends on
    nothing else, compiled once per process (core.prepared): what capped_count counts, without
    composing and compiling the queryset on every home page (about half a millisecond a tile;
    issue 10). No language, no role and no constant read from the database in the shape."""
    prepared = Prepared(lambda *values: build(*values).order_by().values_list("pk")[:CAP],
                        kinds=(KEY, MOMENT) if at_moment else (KEY,))

    def count(user) -> int:
        values = (user.pk, timezone.now()) if at_moment else (user.pk,)
        return len(prepared.rows(*values))

    return count


@dataclass(frozen=True)
class TileView:
    key: str
    label: str
    count: int
    url: str

    @property
    def capped(self) -> bool:
        return self.count >= CAP


def tiles_for(user) -> list[TileView]:
    """The tiles `user` sees, in order, with their counts (one query each at most)."""
    views = []
    for tile in registered():
        if not tile.visible_to(user):
            continue
        count = import_string(tile.count)(user)
        if count or tile.always:
            views.append(TileView(key=tile.key, label=str(tile.label), count=count,
                                  url=tile.url(user)))
    return views
