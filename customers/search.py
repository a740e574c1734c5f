"""The customer search of the list page: by number, name, phone, ID number, account number or
address, each key through its own index, so that a search costs about the same at 20,000 and
at a million customers (bench/README.md)."""

from django.db import connections
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from core.prepared import TEXT, Prepared
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


def _ending_digits(term: str) -> str | None:
    """The digits of `term` when a phone number may end in them (at least PHONE_SUFFIX_MIN)."""
    digits = _digits(term)
    return digits if digits.isdigit() and len(digits) >= PHONE_SUFFIX_MIN else None


def _union(values: dict[str, str], *, phone: bool, ending: bool) -> QuerySet:
    """Customer ids matching by number (`upper`: stored upper case), name, ID number
    (`identifier`), account number, address (`term`), a whole phone number (`term`, when
    `phone`) or the end of one (`digits`, when `ending`): a UNION of indexed lookups, so each
    part uses its own index. The phone endings go through the contacts' trigram indexes
    (migration 0006) and are only ever joined with the caller's queryset (customer_search),
    whose visibility rule (customer_list) comes first: a suffix never reaches, nor tells
    about, a customer the user may not read."""
    term = values["term"]
    parts = [
        Customer.objects.filter(number=values["upper"]).values("pk"),
        Customer.objects.filter(name__icontains=term).values("pk"),
        Customer.objects.filter(id_number=values["identifier"]).values("pk"),
        GasAccount.objects.filter(number=term).values("customer_id"),
        GasAccount.objects.filter(Q(premises__community__icontains=term)
                                  | Q(premises__street__icontains=term)
                                  | Q(premises__detail__icontains=term)).values("customer_id"),
    ]
    if phone:
        parts += [Contact.objects.filter(mobile=term).values("customer_id"),
                  Contact.objects.filter(landline=term).values("customer_id")]
    if ending:
        digits = values["digits"]
        parts.append(Contact.objects.filter(Q(mobile__endswith=digits)
                                            | Q(landline__endswith=digits)
                                            ).values("customer_id"))
    parts = [part.order_by() for part in parts]
    return parts[0].union(*parts[1:])


def _shape(term: str) -> tuple[bool, bool, dict[str, str]]:
    """Which parts the UNION of `term` has (a whole phone number, a phone ending) and the
    values it compares."""
    digits = _ending_digits(term)
    values = {"upper": term.upper(), "term": term, "identifier": normalize_identifier(term)}
    if digits is not None:
        values["digits"] = digits
    return _looks_like_phone(term), digits is not None, values


def _matching_ids(term: str) -> QuerySet:
    """The UNION of `term` as a queryset (what the prepared UNION of customer_search runs)."""
    phone, ending, values = _shape(term)
    return _union(values, phone=phone, ending=ending)


# The UNION of each shape, compiled once per process (core.prepared): building and compiling
# its five to eight querysets was a fifth of a search's CPU (issue 10).
_UNIONS: dict[tuple[bool, bool], Prepared] = {}


def _prepared_union(phone: bool, ending: bool) -> Prepared:
    prepared = _UNIONS.get((phone, ending))
    if prepared is None:
        names = ("upper", "term", "identifier") + (("digits",) if ending else ())
        prepared = _UNIONS[(phone, ending)] = Prepared(
            lambda *values: _union(dict(zip(names, values, strict=True)), phone=phone,
                                   ending=ending),
            kinds=(TEXT,) * len(names))
    return prepared


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
    the customers of `queryset` (_union). A shorter term (a one- or two-character
    name) cannot be a customer or account number, nor use a trigram index: it is a name search
    through the name-pieces index (migration 0004).
    """
    term = (term or "").strip()
    if not term:
        return queryset
    if len(term) >= TRIGRAM_MIN or _looks_like_phone(term):
        # One IN over one UNION: PostgreSQL hashes the few matches and reads those customers
        # by key; an OR of two INs made it walk every customer of `queryset` (3.7 s at 1M).
        # The UNION is compiled once per process (_prepared_union), not by every query of the
        # page (the count and the rows).
        phone, ending, values = _shape(term)
        sql = _prepared_union(phone, ending).sql(*values.values(), using=queryset.db)
        return queryset.filter(pk__in=RawSQL(*sql))
    return _name_contains(queryset, term)
