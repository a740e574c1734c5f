"""core.listing: the sort key and page size come from a whitelist, the order ends with the
primary key, and every link keeps the other parameters of the request."""

from django.test import RequestFactory

from core.listing import Listing

SORTS = {"number": ("number",), "name": ("name",), "created": ("id",)}


def _listing(query: str = "", **kwargs) -> Listing:
    return Listing(
        RequestFactory().get(f"/list/?{query}"), sorts=SORTS, default="-created", **kwargs
    )


def test_without_a_sort_the_default_order_is_used():
    assert _listing().order_by == ("-id",)


def test_a_sort_key_orders_by_its_fields_then_the_primary_key():
    assert _listing("sort=name").order_by == ("name", "pk")
    assert _listing("sort=-name").order_by == ("-name", "-pk")


def test_an_unknown_sort_key_falls_back_to_the_default():
    """A key outside the whitelist never reaches order_by."""
    for query in (
        "sort=password",
        "sort=--name",
        "sort=customer__sales_rep__password",
        "sort=",
        "sort=-",
    ):
        listing = _listing(query)

        assert listing.order_by == ("-id",), query
        assert listing.sort == "-created"


def test_the_header_of_the_sorted_column_toggles_its_direction():
    headers = _listing("sort=name&q=王&page=3").headers

    assert headers["name"].state == "asc"
    assert headers["name"].url == "?q=%E7%8E%8B&sort=-name"
    assert headers["number"].state == "" and headers["number"].url.endswith("sort=number")
    assert _listing("sort=-name").headers["name"].url == "?sort=name"


def test_the_page_size_is_one_of_the_whitelist():
    assert _listing("size=100").page_size == 100
    assert _listing("size=100000").page_size == 50
    assert _listing("size=abc").page_size == 50
    assert _listing(page_size=2).page_size == 2  # a view's own default (tests lower it)


def test_links_keep_the_filters_and_drop_the_page():
    listing = _listing("status=active&size=20&page=4")

    assert listing.url(page=5) == "?status=active&size=20&page=5"
    sizes = {size: (url, chosen) for size, url, chosen in listing.size_links}
    assert sizes[20] == ("?status=active&size=20", True)
    assert sizes[100] == ("?status=active&size=100", False)
