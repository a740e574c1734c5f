"""A paginator whose cost does not grow with the list: it counts at most COUNT_CAP rows.

Django's Paginator counts every row of the list on every page (`SELECT COUNT(*)`), which at a
million customers is the slowest query of the page. CappedPaginator counts over
`LIMIT COUNT_CAP + 1` instead: a list longer than the cap reports `capped` (shown as "more than
10,000") and pages up to the cap; the rows beyond it are reached by narrowing the search.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Rows counted at most; a module constant so that a test can lower it.
COUNT_CAP = 10_000
# Matches of a search counted at most: a two-character name matches tens of thousands of
# customers at a million, and nobody pages through more than a thousand matches (issue 10).
SEARCH_COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """A Paginator that counts at most `cap` rows (COUNT_CAP unless given).

    Guarantees: at most `cap` + 1 rows are counted; `count` is the true number of rows up to
    `cap` and `cap` beyond it, where `capped` is True; the pages (numbers, next, previous)
    cover the first `cap` rows.
    """

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _counted(self) -> int:
        if isinstance(self.object_list, QuerySet):
            # Which rows fall under the cap does not change how many there are: without the
            # ordering, PostgreSQL stops after cap + 1 rows instead of sorting every match.
            return self.object_list.order_by()[: self.cap + 1].count()
        return len(self.object_list[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """True when the list has more rows than the cap (and `count` is the cap)."""
        return self._counted > self.cap
