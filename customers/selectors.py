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
from django.utils.translation import gettext as _

from accounts.roles import GM, PLANNING, SALES_DIRECTOR
from core.permissions import has_object_perm, visible
from core.reasons import basis as basis_code
from core.text import mask_field_value
from customers.models import (
    AccessGrant,
    Customer,
    GasAccount,
    GasDeliveryNotice,
    Premises,
)

ALL_CUSTOMER_ROLES = frozenset({GM, SALES_DIRECTOR})
# The guardian object permission an approved access request assigns (customers.services).
VIEW_CUSTOMER = "customers.view_customer"
logger = logging.getLogger(__name__)


def _active_grants(user, now=None) -> QuerySet:
    now = now or timezone.now()
    return AccessGrant.objects.filter(user=user, starts_at__lte=now, expires_at__gt=now)


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
    granted = list(_active_grants(user).values_list("customer_id", flat=True).distinct())
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
    """`{id: str(user)}` for `users`, in their order, reading only the fields of the name."""
    return {user.pk: str(user) for user in users.only("username", "first_name", "last_name")}


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
    add_contact: bool = False
    record_transaction: bool = False
    save_visit: bool = False
    draft_contract: bool = False
    submit_archive: bool = False
    activate: bool = False
    close: bool = False
    see_log: bool = False


def customer_actions(*, user, customer: Customer, access: Access | None = None
                     ) -> CustomerActions:
    """The actions allowed to `user` on `customer` in its present state: writes need full
    rights as responsible staff or custodian (customer_access, 第十一条) and the writer rule
    (customer_writer); the lifecycle predicates decide submit, activate and close. Pass the
    `access` already computed to save its queries."""
    access, writes = _access_and_writes(user, customer, access)
    if access is None:
        return CustomerActions()
    return CustomerActions(
        edit=writes, open_account=writes, add_contact=writes, record_transaction=writes,
        save_visit=writes, draft_contract=writes,
        submit_archive=writes and customer.may_submit_archive,
        activate=writes and customer.is_draft, close=writes and customer.is_active,
        see_log=access.can_see_log)


@dataclass(frozen=True)
class AccountActions:
    """What the user may do now on one account's page: one flag per button (data-action)."""

    print_sheet: bool = False
    ignite: bool = False
    install_meter: bool = False
    change_meter: bool = False
    add_appliance: bool = False
    add_alarm: bool = False
    transfer: bool = False


def account_actions(*, user, account: GasAccount, access: Access | None = None,
                    has_meter: bool | None = None) -> AccountActions:
    """The actions allowed to `user` on `account`: printing the user sheet follows the access
    (a grant may allow it), writes follow customer_actions' rule; a first meter is entered
    once, then changed. `has_meter` (any meter ever entered) saves a query when known."""
    access, writes = _access_and_writes(user, account.customer, access)
    if access is None:
        return AccountActions()
    if writes and has_meter is None:
        has_meter = account.meters.exists()
    return AccountActions(
        print_sheet=access.can_print, ignite=writes and account.awaits_ignition,
        install_meter=writes and not has_meter, change_meter=writes and bool(has_meter),
        add_appliance=writes, add_alarm=writes, transfer=writes)


def customer_full_reader_ids(*, user, customers) -> set[int]:
    """The ids of those `customers` (already visible to the user) that the user reads in full,
    i.e. where `customer_access(...).full` holds: the standing rule, decided from the loaded
    rows and the user's roles with no query per customer. A grant never gives full rights."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    return {customer.pk for customer in customers if _standing_access(user, customer)}


def customer_get(*, user, pk: int) -> tuple[Customer, Access]:
    """The customer and the user's access to it; 404 when the user may not see it."""
    customer = (Customer.objects.select_related("sales_rep", "custodian").filter(pk=pk).first())
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


def account_missing(account: GasAccount) -> list[str]:
    """What is still to be entered before the account is complete (第八条), in Chinese."""
    missing = []
    if not any(meter.is_current for meter in account.meters.all()):
        missing.append(_("meter information"))
    if not any(appliance.is_active for appliance in account.appliances.all()):
        missing.append(_("gas appliance information"))
    if not account.customer.is_residential:
        alarms = [alarm for alarm in account.alarms.all() if alarm.is_active]
        if not alarms:
            missing.append(_("gas alarm (required on commercial premises)"))
        elif not any(alarm.has_valve for alarm in alarms):
            missing.append(_("shut-off valve linked to the alarm"))
    return missing


def customer_has_required_contact(customer: Customer) -> bool:
    """第五条: True when the customer needs no contact (a household) or has a current contact
    with a name and a phone."""
    return not customer.needs_contact or any(contact.is_reachable
                                             for contact in customer.contacts.all())


def account_open_problems(*, customer: Customer, premises: Premises | None,
                          notice: GasDeliveryNotice | None, use_class) -> list[str]:
    """Everything that stops an account from being opened, in Chinese (第七条)."""
    problems = []
    if customer.is_closed:
        problems.append(_("The customer is closed."))
    if premises is None:
        problems.append(_("Choose or enter the premises."))
    if use_class is None:
        problems.append(_("Choose the gas-use class."))
    if notice is None:
        problems.append(_("A gas delivery notice issued by the planning and construction "
                          "department is required (第七条)."))
    else:
        if notice.is_void:
            problems.append(_("The delivery notice %(number)s is void.")
                            % {"number": notice.number})
        if premises is not None and notice.premises_id != premises.pk:
            problems.append(_("The delivery notice %(number)s is for other premises.")
                            % {"number": notice.number})
        if notice.accounts.exists():
            # One notice, one account: another customer's premises are not taken over here.
            problems.append(_("The delivery notice %(number)s is already used by an account.")
                            % {"number": notice.number})
        if not notice.drawings_count():
            problems.append(_("The delivery notice %(number)s has no acceptance drawings "
                              "attached.") % {"number": notice.number})
    return problems


def notice_may_attach(*, notice: GasDeliveryNotice, user) -> bool:
    """第七条: the acceptance drawings of a valid notice come from 规划建设部."""
    return user.has_role(PLANNING) and not notice.is_void
