"""The customer search of the list page: by number, name, phone, ID number, account number or
address, each key through its own index, so that a search costs about the same at 20,000 and
at a million customers (bench/README.md)."""

from django.db import connections
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from core.validators import normalize_identifier
from customers.models import Contact, Customer, GasAccount

# Trigram indexes (pg_trgm, migration 0003) serve substring search from three characters on;
# the name pieces (migration 0004) serve names of one or two characters.
TRIGRAM_MIN = 3
# customers_name_grams() cuts the name at this character: a term containing it is not indexed.
_GRAM_SEPARATOR = "\x1f"


# A phone is also found by its last digits, from this many on ("the number ending in 8000").
PHONE_SUFFIX_MIN = 4


def _digits(term: str) -> str:
    return term.replace("-", "").replace(" ", "")


def _looks_like_phone(term: str) -> bool:
    digits = _digits(term)
    return digits.isdigit() and len(digits) >= 7


def _phone_ending(term: str) -> QuerySet | None:
    """The customer ids of the contacts whose mobile or landline ends in the digits of `term`
    (at least PHONE_SUFFIX_MIN), through their trigram indexes (migration 0006); None when
    `term` is not such digits. The ids are only ever joined with the caller's queryset
    (customer_search), whose visibility rule (customer_list) comes first: a suffix never
    reaches, nor tells about, a customer the user may not read."""
    digits = _digits(term)
    if not (digits.isdigit() and len(digits) >= PHONE_SUFFIX_MIN):
        return None
    return Contact.objects.filter(Q(mobile__endswith=digits) | Q(landline__endswith=digits)
                                  ).values("customer_id")


def _matching_ids(term: str) -> QuerySet:
    """Customer ids matching `term` by number, name, ID number, account number, phone or
    address: a UNION of indexed lookups, so each part uses its own index."""
    parts = [
        Customer.objects.filter(number=term.upper()).values("pk"),  # stored upper case
        Customer.objects.filter(name__icontains=term).values("pk"),
        Customer.objects.filter(id_number=normalize_identifier(term)).values("pk"),
        GasAccount.objects.filter(number=term).values("customer_id"),
        GasAccount.objects.filter(Q(premises__community__icontains=term)
                                  | Q(premises__street__icontains=term)
                                  | Q(premises__detail__icontains=term)).values("customer_id"),
    ]
    if _looks_like_phone(term):
        parts += [Contact.objects.filter(mobile=term).values("customer_id"),
                  Contact.objects.filter(landline=term).values("customer_id")]
    ending = _phone_ending(term)
    if ending is not None:
        parts.append(ending)
    parts = [part.order_by() for part in parts]
    return parts[0].union(*parts[1:])


class _NameHasPiece(Func):
    """The name contains `term` (one or two characters), on PostgreSQL: the GIN index of
    customers_name_grams() finds the rows (migration 0004); STRPOS, the same test on the name,
    is the cheap filter when PostgreSQL walks the newest customers instead. Its default
    selectivity (a third) also keeps the planner from that walk for rarer names. A term
    without letter case (Chinese characters, digits) skips UPPER(name), half the cost of a
    count over 10,000 matches."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, term: str):
        super().__init__(F("name"), Value(term))
        self.caseless = term.upper() == term == term.lower()

    def as_sql(self, compiler, connection, **extra_context):
        name_sql, name_params = compiler.compile(self.source_expressions[0])
        term_sql, term_params = compiler.compile(self.source_expressions[1])
        found = (f"STRPOS({name_sql}::text, {term_sql})" if self.caseless
                 else f"STRPOS(UPPER({name_sql}::text), UPPER({term_sql}))")
        sql = f"(customers_name_grams({name_sql}) @> ARRAY[UPPER({term_sql})] AND {found} > 0)"
        return sql, [*name_params, *term_params, *name_params, *term_params]


def _name_contains(queryset: QuerySet, term: str) -> QuerySet:
    """`queryset` filtered to names containing `term` of one or two characters, with the same
    result as `name__icontains` (UPPER(name) LIKE UPPER('%term%')), through the name-pieces
    index on PostgreSQL; SQLite has no such index and scans."""
    if connections[queryset.db].vendor != "postgresql" or _GRAM_SEPARATOR in term:
        return queryset.filter(name__icontains=term)
    return queryset.filter(_NameHasPiece(term))


def customer_search(queryset: QuerySet, term: str) -> QuerySet:
    """Filter by number, name, phone, ID number, account number or address.

    From three characters on, every key is looked up through its own index and the matches
    are joined with `queryset`; four digits or more also match the end of a phone number of
    the customers of `queryset` (_phone_ending). A shorter term (a one- or two-character
    name) cannot be a customer or account number, nor use a trigram index: it is a name search
    through the name-pieces index (migration 0004).
    """
    term = (term or "").strip()
    if not term:
        return queryset
    if len(term) >= TRIGRAM_MIN or _looks_like_phone(term):
        # One IN over one UNION: PostgreSQL hashes the few matches and reads those customers
        # by key; an OR of two INs made it walk every customer of `queryset` (3.7 s at 1M).
        # The UNION is compiled here, once: as a queryset it was compiled again by every query
        # of the page (the count and the rows), a fifth of a search's CPU (issue 10).
        ids = _matching_ids(term)
        return queryset.filter(pk__in=RawSQL(*ids.query.get_compiler(using=queryset.db).as_sql()))
    return _name_contains(queryset, term)
