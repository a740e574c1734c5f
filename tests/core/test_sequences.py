import threading

import pytest
from django.db import connection, transaction

from core.sequences import next_number


@pytest.mark.django_db
def test_numbers_start_at_one_and_count_up_per_series_and_year():
    """Each series and year has its own counter."""
    first = [next_number("HT", 2026) for _ in range(3)]
    other_year = next_number("HT", 2027)
    other_series = next_number("KH", 2026)

    assert first == [1, 2, 3]
    assert other_year == 1
    assert other_series == 1


@pytest.mark.django_db
def test_a_rolled_back_number_is_handed_out_again():
    """A number taken in a transaction that fails is not lost: the series stays gap-free."""
    next_number("HT", 2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        next_number("HT", 2026)
        raise RuntimeError("saving the contract failed")

    assert next_number("HT", 2026) == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_callers_get_every_number_exactly_once():
    """8 threads × 50 numbers on PostgreSQL give exactly 1..400 with no duplicate."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    results, errors = [], []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            mine = []
            for _ in range(50):
                with transaction.atomic():
                    mine.append(next_number("CONC", 2026))
            with lock:
                results.extend(mine)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == list(range(1, 401))
