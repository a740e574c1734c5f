"""The customer page's first read (customers.selectors.customer_get), compiled to SQL once per
process (core.prepared): the customer, its responsible staff and custodian as select_related
gives them, and whether an account is in use (customer_may_close)."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet

from core.prepared import Prepared
from customers.models import Customer, GasAccount


def _accounts_in_use() -> Exists:
    return Exists(GasAccount.objects.filter(customer=OuterRef("pk")).exclude(
        status__in=GasAccount.NOT_IN_USE))


def _customer_columns() -> tuple[list[str], list[str]]:
    return ([field.attname for field in Customer._meta.concrete_fields],
            [field.attname for field in get_user_model()._meta.concrete_fields])


def _customer_with_people(pk: int) -> QuerySet:
    customer, user = _customer_columns()
    return (Customer.objects.filter(pk=pk).annotate(accounts_in_use=_accounts_in_use())
            .values_list(*customer, *(f"sales_rep__{name}" for name in user),
                         *(f"custodian__{name}" for name in user), "accounts_in_use"))


# The customer page's first read, compiled once per process and, on PostgreSQL, planned once
# per database session (core.prepared: planning took longer than running it).
_CUSTOMER_WITH_PEOPLE = Prepared(_customer_with_people, server_side=True)


def customer_read(pk: int) -> Customer | None:
    """The customer with its responsible staff and custodian (as select_related gives them)
    and whether an account is in use (customer_may_close), or None."""
    rows = _CUSTOMER_WITH_PEOPLE.rows(pk)
    if not rows:
        return None
    row, (customer_names, user_names_) = rows[0], _customer_columns()
    people = len(user_names_)
    customer = Customer.from_db("default", customer_names, row[:len(customer_names)])
    start = len(customer_names)
    user_model = get_user_model()
    customer.sales_rep = user_model.from_db("default", user_names_, row[start:start + people])
    customer.custodian = user_model.from_db("default", user_names_,
                                            row[start + people:start + 2 * people])
    customer.accounts_in_use = row[-1]
    return customer
