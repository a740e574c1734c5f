"""Who sees which customer (第十一条, 篇二 5.1.3), and the permission-scoped reads.

Standing access: the responsible staff member (sales_rep) and the archive custodian of a
customer, and every holder of the general-manager or sales-director role. Anyone else —
sysadmin, superusers and other staff included — reads a customer only through an approved
access request: an AccessGrant in force *and* guardian's object permission (checked through
core.permissions, the one object-permission rule), both in the database on every access, so
an expired grant stops working at once.
"""

import logging
import re
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.roles import GM, PLANNING, SALES_DIRECTOR
from core.permissions import has_object_perm, visible
from core.prepared import KEY, MOMENT, Prepared
from core.reasons import basis as basis_code
from core.text import mask_field_value
from customers.completeness import (  # noqa: F401 - callers read them here
    account_missing,
    account_open_problems,
    customer_accounts_missing,
    customer_has_required_contact,
    customers_with_incomplete_accounts,
    incomplete_accounts,
)
from customers.customer_read import customer_read
from customers.models import AccessGrant, Customer, GasAccount, GasDeliveryNotice

ALL_CUSTOMER_ROLES = frozenset({GM, SALES_DIRECTOR})
# The guardian object permission an approved access request assigns (customers.services).
VIEW_CUSTOMER = "customers.view_customer"
logger = logging.getLogger(__name__)


def _active_grants(user, now=None) -> QuerySet:
    now = now or timezone.now()
    return AccessGrant.objects.filter(user=user, starts_at__lte=now, expires_at__gt=now)


# The customers granted to a user at a moment: read on every list page, compiled once.
_GRANTED = Prepared(lambda user, now: _active_grants(user, now).order_by()
                    .values_list("customer_id").distinct(), kinds=(KEY, MOMENT))


def customer_list(*, user) -> QuerySet:
    """Customers the user may open, filtered in the database.

    The few customers granted to the user (grant in force, then guardian permission on those
    customers only) are read first, so the filter is `sales_rep = u OR custodian = u OR id IN
    (…)`: three indexed arms that PostgreSQL combines with a bitmap OR instead of scanning the
    whole archive. A user without a grant in force costs one small query.
    """
    if not (user and user.is_authenticated and user.is_active):
        return Customer.objects.none()
    if user.role_codes & ALL_CUSTOMER_ROLES:
        return Customer.objects.all()
    granted = sorted(row[0] for row in _GRANTED.rows(user.pk, timezone.now()))
    if granted:
        granted = list(visible(user, VIEW_CUSTOMER, Customer.objects.filter(pk__in=granted))
                       .values_list("pk", flat=True))
    condition = Q(sales_rep=user) | Q(custodian=user)
    if granted:
        condition |= Q(pk__in=granted)
    return Customer.objects.filter(condition)


class CustomerRow(NamedTuple):
    """One line of the customer list, every value ready to print. 第十一条: the document
    number is masked for every reader of a list; the full value is on the customer page,
    which writes the read log."""

    url: str
    number: str
    name: str
    low_income: bool
    category: str
    id_number: str
    status: str
    archive_state: str
    sales_rep: str
    custodian: str


_ROW_FIELDS = ("pk", "number", "name", "low_income", "category", "id_number", "status",
               "archive_state", "sales_rep_id", "custodian_id")
_URL_SENTINEL = "2147483647"


def customer_row_values(customers: QuerySet) -> QuerySet:
    """The list's columns of `customers` as tuples, in their order: the narrow read to page."""
    return customers.values_list(*_ROW_FIELDS)


def user_names(users: QuerySet) -> dict[int, str]:
    """`{id: str(user)}` for `users`, in their order, reading only the columns of the name
    (as tuples: building 50 users cost more than the query)."""
    name_of = users.model.name_of
    return {pk: name_of(username, first_name, last_name) for pk, username, first_name, last_name
            in users.values_list("pk", "username", "first_name", "last_name")}


def customer_rows(values, *, names: dict[int, str]) -> list[CustomerRow]:
    """The rows of one page of `customer_row_values`: the choice labels, the masked document
    number, the link and the names of the two users (`names` by id, completed by one query
    for users missing from it), each computed once per page rather than per template tag."""
    values = list(values)
    missing = {user_id for row in values for user_id in row[-2:]} - names.keys()
    if missing:
        names = {**names, **user_names(get_user_model().objects.filter(pk__in=missing))}
    category, status, archive = (
        {value: str(label) for value, label in Customer._meta.get_field(field).flatchoices}
        for field in ("category", "status", "archive_state"))
    url = reverse("customers:detail", args=[_URL_SENTINEL]).replace(_URL_SENTINEL, "{}")
    return [CustomerRow(url.format(pk), number, name, low_income,
                        category.get(category_value, category_value),
                        mask_field_value(Customer, "id_number", id_number),
                        status.get(status_value, status_value),
                        archive.get(archive_value, archive_value), names[rep], names[custodian])
            for (pk, number, name, low_income, category_value, id_number, status_value,
                 archive_value, rep, custodian) in values]


@dataclass(frozen=True)
class Access:
    """How a user reaches one customer: full rights (unmasked, may edit as staff) or a grant."""

    full: bool
    can_edit: bool
    can_print: bool
    can_see_log: bool
    basis: str  # written to the AccessLog: a core.reasons.BASES code, the role or the grant used
    grant: AccessGrant | None = None


def _standing_access(user, customer: Customer) -> bool:
    """Full rights by standing: responsible staff, archive custodian, GM or sales director."""
    return (customer.sales_rep_id == user.pk or customer.custodian_id == user.pk
            or bool(user.role_codes & ALL_CUSTOMER_ROLES))


def customer_access(*, user, customer: Customer) -> Access | None:
    """The user's access to `customer`, or None when they may not see it."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    roles = user.role_codes
    is_rep, is_custodian = customer.sales_rep_id == user.pk, customer.custodian_id == user.pk
    if _standing_access(user, customer):
        if is_custodian:
            basis = "archive_custodian"
        elif is_rep:
            basis = "responsible_staff"
        elif GM in roles:
            basis = "general_manager"
        else:
            basis = "sales_director"
        return Access(full=True, can_edit=is_rep or is_custodian, can_print=True,
                      can_see_log=is_custodian or GM in roles, basis=basis)
    grant = (_active_grants(user).filter(customer=customer).order_by("-can_print", "-expires_at")
             .first())
    if grant is None or not has_object_perm(user, VIEW_CUSTOMER, customer):
        return None
    return Access(full=False, can_edit=False, can_print=grant.can_print, can_see_log=False,
                  basis=basis_code("grant", f"#{grant.pk}"), grant=grant)


def customer_writer(*, user, customer: Customer) -> bool:
    """The archive is written by its responsible staff member, its custodian, or whoever
    registered it; the same rule holds for views, the import and any future API (services
    raise PermissionDenied when it is false)."""
    return user is not None and user.pk in (customer.sales_rep_id, customer.custodian_id,
                                            customer.created_by_id)


def _access_and_writes(user, customer: Customer, access: Access | None
                       ) -> tuple[Access | None, bool]:
    """The user's access (computed unless given) and whether they write the archive: full
    rights as responsible staff or custodian (第十一条) and the writer rule."""
    access = access or customer_access(user=user, customer=customer)
    writes = bool(access and access.can_edit and customer_writer(user=user, customer=customer))
    return access, writes


@dataclass(frozen=True)
class CustomerActions:
    """What the user may do now on one customer's page: one flag per button (data-action)."""

    edit: bool = False
    open_account: bool = False
    request_notice: bool = False
    add_contact: bool = False
    record_transaction: bool = False
    save_visit: bool = False
    draft_contract: bool = False
    submit_archive: bool = False
    activate: bool = False
    close: bool = False
    reopen: bool = False
    see_log: bool = False


def customer_may_activate(customer: Customer) -> bool:
    """设为有效 (篇二, 第五条): a pre-registered customer whose archive the sales director has
    confirmed and, for an organisation, with a reachable contact: what
    customers.services.customer_set_status requires."""
    return (customer.is_draft and customer.is_archive_confirmed
            and customer_has_required_contact(customer))


def customer_may_close(customer: Customer) -> bool:
    """销户: an active customer whose every account is removed or long unused. A customer read
    by customer_get knows it already (`accounts_in_use`, read with the row)."""
    if not customer.is_active:
        return False
    in_use = customer.__dict__.get("accounts_in_use")
    if in_use is None:
        in_use = customer.accounts.exclude(status__in=GasAccount.NOT_IN_USE).exists()
    return not in_use


def customer_actions(*, user, customer: Customer, access: Access | None = None
                     ) -> CustomerActions:
    """The actions allowed to `user` on `customer` in its present state: writes need full
    rights as responsible staff or custodian (customer_access, 第十一条) and the writer rule
    (customer_writer); the lifecycle predicates decide the rest, so that no button is shown
    that the service would refuse: a closed customer gets no new account, notice request or
    contract; activate and close follow customer_may_activate / customer_may_close; only the
    sales director reopens a closed customer. Pass the `access` already computed to save its
    queries."""
    access, writes = _access_and_writes(user, customer, access)
    if access is None:
        return CustomerActions()
    open_for_business = writes and not customer.is_closed
    return CustomerActions(
        edit=writes, open_account=open_for_business, request_notice=open_for_business,
        add_contact=writes, record_transaction=writes, save_visit=writes,
        draft_contract=open_for_business,
        submit_archive=writes and customer.may_submit_archive and not customer.is_closed,
        activate=writes and customer_may_activate(customer),
        close=writes and customer_may_close(customer),
        reopen=customer.is_closed and SALES_DIRECTOR in user.role_codes,
        see_log=access.can_see_log)


@dataclass(frozen=True)
class AccountActions:
    """What the user may do now on one account's page: one flag per button (data-action).
    `correct` is the edit and void links of each meter, appliance and alarm still valid."""

    print_sheet: bool = False
    ignite: bool = False
    install_meter: bool = False
    change_meter: bool = False
    add_appliance: bool = False
    add_alarm: bool = False
    correct: bool = False
    transfer: bool = False
    suspend: bool = False
    resume: bool = False
    mark_dormant: bool = False
    remove: bool = False


# The AccountActions flag of each status an account may be moved to from its page, and the
# status it moves to (first ignition is account_ignite, with its own rule).
ACCOUNT_STATUS_ACTIONS = {
    "suspend": GasAccount.Status.SUSPENDED,
    "resume": GasAccount.Status.NORMAL,
    "mark_dormant": GasAccount.Status.DORMANT,
    "remove": GasAccount.Status.REMOVED,
}


def account_may_move(account: GasAccount, action: str) -> bool:
    """Whether the account's lifecycle allows the status change `action` (a key of
    ACCOUNT_STATUS_ACTIONS) now; resuming is from a suspension or a long disuse."""
    if action == "resume" and account.awaits_ignition:
        return False
    return account.can_transition("status", ACCOUNT_STATUS_ACTIONS[action])


def account_actions(*, user, account: GasAccount, access: Access | None = None,
                    has_meter: bool | None = None) -> AccountActions:
    """The actions allowed to `user` on `account`: printing the user sheet follows the access
    (a grant may allow it), writes follow customer_actions' rule and stop once the account is
    removed; a meter is entered while none valid is in service, then changed; the first
    ignition needs that meter; status changes follow the account's lifecycle. `has_meter` (a
    valid meter in service) saves a query when known."""
    access, writes = _access_and_writes(user, account.customer, access)
    if access is None:
        return AccountActions()
    writes = writes and not account.is_removed
    if writes and has_meter is None:
        has_meter = account.meters.filter(is_current=True, is_void=False).exists()
    moves = {action: writes and account_may_move(account, action)
             for action in ACCOUNT_STATUS_ACTIONS}
    return AccountActions(
        print_sheet=access.can_print,
        ignite=writes and account.awaits_ignition and bool(has_meter),
        install_meter=writes and not has_meter, change_meter=writes and bool(has_meter),
        add_appliance=writes, add_alarm=writes, correct=writes, transfer=writes, **moves)


def customer_full_reader_ids(*, user, customers) -> set[int]:
    """The ids of those `customers` (already visible to the user) that the user reads in full,
    i.e. where `customer_access(...).full` holds: the standing rule, decided from the loaded
    rows and the user's roles with no query per customer. A grant never gives full rights."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    return {customer.pk for customer in customers if _standing_access(user, customer)}


def customer_get(*, user, pk: int) -> tuple[Customer, Access]:
    """The customer and the user's access to it; 404 when the user may not see it."""
    customer = customer_read(int(pk))
    access = customer_access(user=user, customer=customer) if customer else None
    if access is None:
        raise Http404
    return customer, access


def account_get(*, user, pk: int) -> tuple[GasAccount, Access]:
    """An account of a customer the user may see; 404 otherwise."""
    account = (GasAccount.objects.select_related("customer", "premises", "use_class",
                                                 "delivery_notice", "opened_by")
               .filter(pk=pk).first())
    access = customer_access(user=user, customer=account.customer) if account else None
    if access is None:
        raise Http404
    return account, access


# 第十一条: the "request access" hint must not let anyone walk the archive. It answers only a
# full customer number (KH<year><sequence>) or account number (<year><sequence>), never a name
# or part of a number, and names only the customer number; lookups are counted per user.
HINT_LOOKUPS_PER_HOUR = 30
HINT_WINDOW_SECONDS = 3600
_NUMBER_SHAPE = re.compile(r"KH\d{10,}|20\d{8,}")


@dataclass(frozen=True)
class AccessHint:
    """What the customer list may say about a number outside the user's work."""

    numbers: tuple[str, ...] = ()
    limited: bool = False  # the hourly lookups are used up: no hint until the window ends


def _hint_lookup_allowed(user) -> bool:
    """Count one lookup for `user` in Django's cache; False beyond HINT_LOOKUPS_PER_HOUR."""
    key = f"customers:hint-lookups:{user.pk}"
    cache.add(key, 0, timeout=HINT_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, count := 1, timeout=HINT_WINDOW_SECONDS)
    if count == HINT_LOOKUPS_PER_HOUR + 1:
        logger.warning("customer number lookups over the hourly limit user=%s", user.pk)
    return count <= HINT_LOOKUPS_PER_HOUR


def customer_access_hint(*, user, term: str) -> AccessHint:
    """The number of the customer the user may NOT read whose full customer number or
    account number is exactly `term`, so that the list can offer an access request.

    Guarantees: a name, a phone, an ID number or a partial number never gives a hint; the
    hint holds the customer number only (no name, no identifier); a number that belongs to a
    customer the user reads costs nothing; every other lookup, found or not, counts against
    HINT_LOOKUPS_PER_HOUR per user, beyond which the answer is `limited` and empty.
    """
    term = (term or "").strip().upper()
    if not _NUMBER_SHAPE.fullmatch(term) or user.role_codes & ALL_CUSTOMER_ROLES:
        return AccessHint()
    found = (Customer.objects.filter(number=term).values_list("pk", "number").first()
             or GasAccount.objects.filter(number=term)
             .values_list("customer_id", "customer__number").first())
    if found and customer_list(user=user).filter(pk=found[0]).exists():
        return AccessHint()
    if not _hint_lookup_allowed(user):
        return AccessHint(limited=True)
    return AccessHint(numbers=(found[1],) if found else ())


def notice_may_attach(*, notice: GasDeliveryNotice, user) -> bool:
    """第七条: the acceptance drawings of a valid notice come from 规划建设部."""
    return user.has_role(PLANNING) and not notice.is_void

