"""core.paginator.CappedPaginator: a list's pages cost the same at any length, because the
count stops one row after the cap."""

import pytest

from core.paginator import CappedPaginator
from customers.models import Customer


def test_a_list_under_the_cap_is_counted_exactly():
    paginator = CappedPaginator(list(range(7)), 3, cap=10)

    assert (paginator.count, paginator.capped, paginator.num_pages) == (7, False, 3)


def test_a_list_at_the_cap_is_not_capped():
    paginator = CappedPaginator(list(range(10)), 3, cap=10)

    assert (paginator.count, paginator.capped) == (10, False)


def test_a_list_over_the_cap_counts_the_cap_and_pages_up_to_it():
    paginator = CappedPaginator(list(range(25)), 3, cap=10)

    assert (paginator.count, paginator.capped, paginator.num_pages) == (10, True, 4)
    assert list(paginator.page(4)) == [9]
    assert not paginator.page(4).has_next()
    assert paginator.get_page(99).number == 4


def test_the_cap_is_the_module_constant_unless_given(monkeypatch):
    monkeypatch.setattr("core.paginator.COUNT_CAP", 2)

    assert CappedPaginator(list(range(5)), 1).capped


@pytest.mark.django_db
def test_a_queryset_is_counted_over_a_limit_without_its_ordering(django_assert_num_queries):
    paginator = CappedPaginator(Customer.objects.order_by("-id"), 50, cap=10)

    with django_assert_num_queries(1) as captured:
        assert paginator.count == 0

    sql = captured.captured_queries[0]["sql"]
    assert "LIMIT 11" in sql and "ORDER BY" not in sql
