"""Gap-free numbers per series and year (customer numbers, contract numbers, archive numbers)."""

from django.db import transaction
from django.db.models import F

from core.models import NumberSequence


def next_number(series: str, year: int) -> int:
    """The next number of `series` in `year`, starting at 1, with no gap and no duplicate.

    Safe under concurrency: the sequence row is locked (SELECT … FOR UPDATE on PostgreSQL) and
    incremented in the database; on SQLite the UPDATE takes the database's write lock. Call it
    inside the transaction that stores the numbered record: if that transaction rolls back, so
    does the number, which is what keeps the series gap-free.
    """
    with transaction.atomic():
        sequence, _ = NumberSequence.objects.select_for_update().get_or_create(
            series=series, year=year
        )
        # A counter, not a business record: the named unrecorded update (no history row).
        NumberSequence.objects.filter(pk=sequence.pk).update_unrecorded(last=F("last") + 1)
        sequence.refresh_from_db(fields=["last"])
        return sequence.last
