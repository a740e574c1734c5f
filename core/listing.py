"""Sorting, page size and paging links of the lists, from the query string, whitelisted.

Every list reads its sort key and page size through `Listing`: `?sort=name` (ascending) or
`?sort=-name` (descending) is looked up in the list's own table of keys, so a key that is not
there (a typo, an old bookmark, a probe) falls back to the default order instead of reaching
`order_by` (a 500, or a sort on a column that has no index); the order always ends with the
primary key, so that rows of equal values keep their place from one page to the next. The
links (column headers that toggle the direction, page sizes, previous and next) keep every
other parameter of the request, so that a filtered, sorted list can be bookmarked and paged.
Everything here is computed once per request, never per row (issue 10).
"""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.paginator import CappedPaginator

PAGE_SIZES = (20, 50, 100)
SORT_PARAM, SIZE_PARAM, PAGE_PARAM = "sort", "size", "page"


@dataclass(frozen=True, slots=True)
class SortLink:
    """One sortable column's header: the link that sorts by it (the other direction when it
    is the sort in use) and its state, "asc", "desc" or ""."""

    url: str
    state: str

    @property
    def arrow(self) -> str:
        return {"asc": "▲", "desc": "▼"}.get(self.state, "")

    @property
    def aria(self) -> str:
        return {"asc": "ascending", "desc": "descending"}.get(self.state, "none")


class Listing:
    """The sort, page size and links of one list for one request.

    `sorts` maps each sort key of the URL to the fields it orders by (ascending); `default`
    is the key used when none or an unknown one is given, "-key" for descending. Guarantees:
    `order_by` holds only fields of `sorts` and the primary key; `page_size` is one of
    `sizes`; every link keeps the request's other parameters and drops `page`.
    """

    def __init__(
        self,
        request,
        *,
        sorts: dict[str, tuple[str, ...]],
        default: str,
        sizes: tuple[int, ...] = PAGE_SIZES,
        page_size: int | None = None,
    ):
        self.params: QueryDict = request.GET
        self.sorts, self.sizes = sorts, sizes
        wanted = self.params.get(SORT_PARAM, "")
        key = wanted.removeprefix("-")
        if key not in sorts:
            wanted, key = default, default.removeprefix("-")
        self.key, self.descending = key, wanted.startswith("-")
        self.sort = wanted
        self.default_size = page_size or sizes[len(sizes) // 2]
        size = self.params.get(SIZE_PARAM, "")
        self.page_size = int(size) if size.isdigit() and int(size) in sizes else self.default_size

    @property
    def order_by(self) -> tuple[str, ...]:
        """The ordering: the key's fields in the chosen direction, then the primary key."""
        sign = "-" if self.descending else ""
        fields = [sign + field for field in self.sorts[self.key]]
        if fields[-1].removeprefix("-") not in ("pk", "id"):
            fields.append(f"{sign}pk")
        return tuple(fields)

    def url(self, **changes) -> str:
        """The query string of the request with `changes` (None removes a parameter) and
        without the page number, unless `page` is among the changes."""
        query = self.params.copy()
        query.pop(PAGE_PARAM, None)
        for name, value in changes.items():
            query.pop(name, None)
            if value is not None:
                query[name] = value
        return f"?{query.urlencode()}"

    @property
    def headers(self) -> dict[str, SortLink]:
        """For each sort key, its header link: ascending first, the other direction when the
        list is sorted by it."""
        links = {}
        for key in self.sorts:
            if key == self.key:
                state = "desc" if self.descending else "asc"
                target = key if self.descending else f"-{key}"
            else:
                state, target = "", key
            links[key] = SortLink(self.url(**{SORT_PARAM: target}), state)
        return links

    @property
    def size_links(self) -> list[tuple[int, str, bool]]:
        """(size, link, chosen) for each page size."""
        return [
            (size, self.url(**{SIZE_PARAM: size}), size == self.page_size) for size in self.sizes
        ]

    def paginate(self, rows, *, cap: int | None = None):
        """The requested page of `rows` (already ordered), counted at most up to the cap of
        core.paginator."""
        return CappedPaginator(rows, self.page_size, cap=cap).get_page(self.params.get(PAGE_PARAM))

    def page_links(self, page) -> dict[str, str]:
        """The previous and next pages' links and the number of rows counted ("12,345"), as
        the templates/customers/includes/pages.html include reads them."""
        links = {"count": f"{page.paginator.count:,}"}
        if page.has_previous():
            links["previous"] = self.url(page=page.number - 1)
        if page.has_next():
            links["next"] = self.url(page=page.number + 1)
        return links

    def context(self, page) -> dict:
        """The template values of the list's frame: `listing`, `sort` (the headers), `links`,
        `page`."""
        return {"listing": self, "sort": self.headers, "links": self.page_links(page), "page": page}


def frame_values(listing: Listing | None, page, links: dict | None) -> dict:
    """What the count above a list and the page links under it print (the Jinja2 templates
    frame/list_toolbar.html and frame/list_pages.html), texts translated here. A list without
    a Listing (page sizes) or links (Listing.page_links) prints its count and no links."""
    paginator, links = page.paginator, links or {}
    capped = getattr(paginator, "capped", False)
    rows = links.get("count", f"{paginator.count:,}")
    return {
        "count": paginator.count, "capped": capped,
        "count_text": (_("More than %(rows)s records") % {"rows": rows} if capped else
                       ngettext("%(rows)s record", "%(rows)s records", paginator.count)
                       % {"rows": rows}),
        "per_page": _("Per page:"), "sizes": listing.size_links if listing else [],
        "pages": paginator.num_pages, "pages_label": _("Pages"),
        "previous": links.get("previous"), "previous_label": _("Previous"),
        "next": links.get("next"), "next_label": _("Next"),
        "page_text": (_("Page %(number)s, more than %(rows)s records")
                      % {"number": page.number, "rows": rows} if capped else
                      _("Page %(number)s of %(total)s")
                      % {"number": page.number, "total": paginator.num_pages}),
    }


class FormClassOnce:
    """A FilterSet mixin: the form class is made once per FilterSet class and process, not on
    every request (django-filter builds a new class, and a new field per filter, each time:
    about 3 % of the customer list's CPU). Only for a FilterSet whose fields do not depend on
    the request; a queryset choice is still read anew by each form (ModelChoiceField copies
    its queryset for every form instance)."""

    def get_form_class(self):
        made = type(self).__dict__.get("_form_class_made")
        if made is None:
            made = super().get_form_class()
            type(self)._form_class_made = made
        return made
