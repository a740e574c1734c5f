"""Who sees which contract (issue 5, point 9): its drafter, the deciders of its route, the
archivist, the general manager, and whoever may see its customer (access grants included) —
and 财务部, which keeps the payment status of every contract (第六条, DESIGN §2), and
规划建设部 for the contracts whose construction period it must estimate (第五条), and the
market manager for the take-or-pay contracts it provides the market data of (第九条)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import ARCHIVIST, FINANCE, GM, MARKET_MANAGER, OPS_VP, PLANNING
from approvals.models import ApprovalStep
from approvals.selectors import seat_q, seats_for
from contracts.models import Contract
from core.reasons import basis
from core.text import mask_field_value, mask_id_number
from customers.selectors import customer_list


def contract_list(*, user) -> QuerySet:
    """Contracts the user may open, filtered in the database."""
    if not (user and user.is_authenticated and user.is_active):
        return Contract.objects.none()
    if user.role_codes & {GM, ARCHIVIST, FINANCE}:
        return Contract.objects.all()
    decided = _contract_steps_of_seats(user).values("request__object_id")
    condition = (Q(created_by=user) | Q(customer__in=customer_list(user=user).values("pk"))
                 | Q(pk__in=decided))
    if PLANNING in user.role_codes:  # 第五条: 规划建设部 estimates construction periods
        condition |= Q(construction_period_required=True)
    if MARKET_MANAGER in user.role_codes:  # 第九条: the market department's take-or-pay data
        condition |= Q(contract_type__kind="take_or_pay")
    return Contract.objects.filter(condition)


def contract_get(*, user, pk: int) -> Contract:
    """The contract if the user may see it; 404 otherwise (absence and prohibition alike)."""
    contract = (contract_list(user=user).select_related(
        "contract_type", "customer", "premises", "account", "budget", "created_by")
        .filter(pk=pk).first())
    if contract is None:
        raise Http404
    return contract


def contracts_overdue(*, user) -> QuerySet:
    """Visible contracts with an installment past its deadline and not fully paid."""
    from django.db.models import F
    from django.utils import timezone

    return contract_list(user=user).filter(
        installments__due_on__lt=timezone.localdate(),
        installments__paid_amount__lt=F("installments__amount")).distinct()


def contracts_payments_due(*, user, days: int = 30) -> QuerySet:
    """Visible contracts with an installment not fully paid whose deadline falls within the
    next `days` days (today included): what finance will collect soon."""
    import datetime

    from django.db.models import F
    from django.utils import timezone

    today = timezone.localdate()
    return contract_list(user=user).filter(
        installments__due_on__gte=today,
        installments__due_on__lte=today + datetime.timedelta(days=days),
        installments__paid_amount__lt=F("installments__amount")).distinct()


def take_or_pay_expiring(*, user, days: int = 90) -> QuerySet:
    """Visible take-or-pay contracts in force that end within `days` days."""
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    return contract_list(user=user).filter(
        contract_type__kind="take_or_pay", ends_on__gte=today,
        ends_on__lte=today + datetime.timedelta(days=days),
        status__in=Contract.IN_FORCE)


def contract_may_print(*, user, contract: Contract,
                       customer_view: "CustomerView | None" = None) -> bool:
    """A contract prints the customer's full identity: its drafter, the GM, the archivist,
    finance and the deciders of its route print it; a customer reader only with full rights
    or a view-and-print grant (第十一条) — never with a view-only grant. Pass the page's
    `customer_view` (contract_customer_view) to save reading the customer's access again."""
    if contract.created_by_id == user.pk or user.role_codes & {GM, ARCHIVIST, FINANCE}:
        return True
    view = customer_view or contract_customer_view(user=user, contract=contract)
    if view.full or view.can_print:
        return True
    return _contract_steps_of_seats(user).filter(request__object_id=contract.pk).exists()


def _contract_steps_of_seats(user) -> QuerySet:
    """Approval steps of contracts held by one of the user's seats (own or delegated)."""
    decider = Q()
    for seat in seats_for(user):
        decider |= seat_q(seat)
    return ApprovalStep.objects.filter(
        decider, request__content_type=ContentType.objects.get_for_model(Contract))


# 第九条: take-or-pay only for upstream suppliers and industrial or (large) commercial users.
# The volumes (≥ 3,000,000 m³ a year or ≥ 10,000 m³ a day) are the contract's market data,
# known only after drafting: contract_problems checks them before submission.
TAKE_OR_PAY_CATEGORIES = ("upstream", "industrial", "commercial")


def draftable_customers(*, user, contract_type=None) -> QuerySet:
    """Customers the user may draft a contract of `contract_type` for: the customers they may
    read (第十一条); for a take-or-pay contract drafted by the vice president, the eligible
    customers of 第九条 whether he reads them or not (who may draft which type is checked by
    contract_create)."""
    from customers.models import Customer

    if (contract_type is not None and contract_type.kind == "take_or_pay"
            and OPS_VP in user.role_codes):
        return Customer.objects.filter(category__in=TAKE_OR_PAY_CATEGORIES)
    return customer_list(user=user)


@dataclass(frozen=True)
class CustomerView:
    """How a reader of a contract sees its customer: identifiers in full or masked, and the
    basis written to the customer's access log."""

    full: bool
    basis: str
    can_print: bool = False  # a reader of the customer who may print it (full or a grant)

    def id_number(self, customer) -> str:
        """The customer's document number as this reader may see it (core.text masking)."""
        return customer.id_number if self.full else mask_id_number(customer.id_number)


def contract_customer_view(*, user, contract: Contract) -> CustomerView:
    """第十一条: the customer's identifiers are shown in full only to a reader of the
    customer with full rights (customer_access(...).full); whoever else reads the contract
    (its drafter, finance, the archivist, a decider, a view-only grant) sees them masked. The
    basis is the customer access used, else the user's seat on the contract."""
    from customers.selectors import customer_access

    access = customer_access(user=user, customer=contract.customer)
    if access is not None:
        return CustomerView(full=access.full, basis=access.basis,
                            can_print=access.full or access.can_print)
    if contract.created_by_id == user.pk:
        return CustomerView(full=False, basis="contract_drafter")
    roles = sorted(user.role_codes & {GM, ARCHIVIST, FINANCE, MARKET_MANAGER, PLANNING})
    if not roles:
        return CustomerView(full=False, basis="approval_step")
    return CustomerView(full=False, basis=basis("contract_roles", ", ".join(roles)))


def contracts_returned(contracts: QuerySet) -> QuerySet:
    """The drafts among `contracts` whose last round of approval was rejected (returned to
    their drafter to be corrected and submitted again)."""
    from django.db.models import OuterRef, Subquery

    from approvals.models import ApprovalRequest

    last = (ApprovalRequest.objects.filter(
        content_type=ContentType.objects.get_for_model(Contract), object_id=OuterRef("pk"))
        .order_by("-round").values("status")[:1])
    return contracts.filter(status=Contract.Status.DRAFT).annotate(
        last_round_status=Subquery(last)).filter(
        last_round_status=ApprovalRequest.Status.REJECTED)


def company_profile_get():
    """The company's own party (甲方). Its one row is seeded by migration 0009; a database
    emptied since (a flushed test database) reads as an unsaved profile with the name the
    contracts printed before there was a profile, so printing never fails."""
    from contracts.models import CompanyProfile
    from contracts.models.company import SINGLETON_PK
    from contracts.reference import DEFAULT_COMPANY_NAME

    return (CompanyProfile.objects.filter(pk=SINGLETON_PK).first()
            or CompanyProfile(pk=SINGLETON_PK, name=DEFAULT_COMPANY_NAME))


def company_name() -> str:
    """The company's name as every printout heads it (the profile's, one query)."""
    from contracts.reference import DEFAULT_COMPANY_NAME

    return company_profile_get().name or DEFAULT_COMPANY_NAME


def company_party(company) -> dict[str, str]:
    """The party fields of `company` as plain strings: what a contract prints for 甲方 and
    what contract_sign freezes."""
    from contracts.models.company import PARTY_FIELDS

    return {name: getattr(company, name) for name in PARTY_FIELDS}


# The drafting form's customer search (issue 13, point 5).
CUSTOMER_SEARCH_MIN_LENGTH = 2
CUSTOMER_SEARCH_LIMIT = 10


def customer_choices(*, user, term: str, contract_type=None,
                     limit: int = CUSTOMER_SEARCH_LIMIT) -> tuple[list[dict], bool]:
    """(up to `limit` customers matching `term`, whether there are more) among the customers
    `user` may draft a contract for (draftable_customers: customers.selectors.customer_list,
    and 第九条's eligible customers for the vice president's take-or-pay), newest first, as
    plain values with the document number masked; nothing for a term shorter than
    CUSTOMER_SEARCH_MIN_LENGTH. Closed customers are left out (no new contract)."""
    from customers.models import Customer
    from customers.search import customer_search

    term = (term or "").strip()
    if len(term) < CUSTOMER_SEARCH_MIN_LENGTH or "\x00" in term:  # PostgreSQL refuses NUL
        return [], False
    customers = customer_search(draftable_customers(user=user, contract_type=contract_type),
                                term).exclude(status=Customer.Status.CLOSED)
    rows = list(customers.order_by("-id").values("number", "name", "category", "id_number")
                [:limit + 1])
    categories = dict(Customer._meta.get_field("category").choices)
    return [{"number": row["number"], "name": row["name"],
             "category": str(categories.get(row["category"], row["category"])),
             "id_number": mask_field_value(Customer, "id_number", row["id_number"])}
            for row in rows[:limit]], len(rows) > limit
