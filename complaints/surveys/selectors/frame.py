"""The sampling frame read from the customer archive (issue 12, part 2): one query ordered by
id, however many customers (1,000,000 in a large city), streamed in chunks.

Who is in it: every customer not closed (销户), of the campaign's categories (empty: every
category but upstream suppliers, who sell gas to the company rather than buy it). Strata: the
customer's category and, when the campaign says so, the district of the premises of the
customer's first account (GasAccount → Premises.district; no account: no district)."""

from django.utils import translation

from customers.models import Category, Customer

STRATUM_SEPARATOR = "/"
NO_DISTRICT = "-"


def frame_categories(campaign) -> list[str]:
    chosen = [code for code in (campaign.categories or []) if code in Category.values]
    return chosen or [code for code in Category.values if code != Category.UPSTREAM]


def stratum_key(category: str, district: str | None, *, by_district: bool) -> str:
    if not by_district:
        return category
    return f"{category}{STRATUM_SEPARATOR}{(district or NO_DISTRICT)[:50]}"


def stratum_label(key: str) -> str:
    """The stratum as people read it, in Chinese like the report (住宅 / 五华区)."""
    category, _sep, district = key.partition(STRATUM_SEPARATOR)
    with translation.override("zh-hans"):
        label = str(Category(category).label) if category in Category.values else category
    if district:
        label += " / " + ("未登记区域" if district == NO_DISTRICT else district)
    return label


def frame_build(campaign, *, chunk_size: int = 20_000) -> dict[str, list[int]]:
    """{stratum key: [customer ids, ascending]} of `campaign`'s population now."""
    customers = (Customer.objects.exclude(status=Customer.Status.CLOSED)
                 .filter(category__in=frame_categories(campaign)))
    by_district = campaign.stratify_by_district
    frame: dict[str, list[int]] = {}
    if by_district:
        # One row per account (a customer without account: one row, district NULL); the
        # first row of each customer, by account id, gives its district.
        rows = (customers.order_by("id", "accounts__id")
                .values_list("id", "category", "accounts__premises__district"))
    else:
        rows = customers.order_by("id").values_list("id", "category")
    last = None
    for row in rows.iterator(chunk_size=chunk_size):
        pk = row[0]
        if pk == last:
            continue
        last = pk
        key = stratum_key(row[1], row[2] if by_district else None, by_district=by_district)
        frame.setdefault(key, []).append(pk)
    return frame
