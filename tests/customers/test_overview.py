"""The customer page's overview (issue 10): each account with what it still lacks (第八条) is
read in one query, with exactly the answer of `account_missing`, and the page costs the same
number of queries whatever the accounts hold."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from customers import services
from customers.completeness import account_missing, customer_accounts_missing
from customers.models import Customer, GasAccount
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_account, make_customer

pytestmark = pytest.mark.django_db

ALARM = {"brand": "汉威", "installed_on": datetime.date(2026, 11, 2)}


def _accounts_of_every_kind(customer):
    """Accounts complete and incomplete: no meter, no appliance, an alarm without valve, an
    alarm with its valve, a voided alarm, a voided appliance."""
    by = customer.sales_rep
    make_account(customer=customer)
    make_account(customer=customer, meter=False)
    make_account(customer=customer, appliance=False)
    services.alarm_add(account=make_account(customer=customer), by=by, **ALARM)
    services.alarm_add(account=make_account(customer=customer), by=by, valve_brand="埃美柯",
                       **ALARM)
    voided = services.alarm_add(account=make_account(customer=customer), by=by,
                                valve_model="DN20", **ALARM)
    services.entry_void(entry=voided, by=by, reason="录错")
    services.entry_void(entry=make_account(customer=customer).appliances.get(), by=by,
                        reason="重复录入")


@pytest.mark.parametrize("category", ["residential", "commercial"])
def test_the_overview_lists_what_account_missing_lists(category):
    customer = make_customer(category=category)
    _accounts_of_every_kind(customer)
    expected = [(account.pk, account.number, str(account.premises), account.status,
                 account.get_absolute_url(), account_missing(account)) for account in
                GasAccount.objects.filter(customer=customer).select_related("customer")
                .prefetch_related("meters", "appliances", "alarms")]

    found = [(item["account"].pk, item["account"].number, str(item["account"].premises),
              item["account"].status, item["account"].get_absolute_url(), item["missing"])
             for item in customer_accounts_missing(customer)]

    assert found == expected
    assert any(row[-1] for row in found) and not all(row[-1] for row in found)


def _overview_queries(client, customer) -> int:
    client.force_login(customer.sales_rep)
    url = f"/customers/{customer.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_overview_costs_the_same_queries_whatever_the_accounts_hold(client):
    """One account or seven with meters, appliances and alarms: the same queries. The frame
    (4), the customer (with whether an account is in use), the read log's write (4 on SQLite,
    5 with PostgreSQL's advisory lock), the accounts with their facts in one query, and the
    archive confirmation's rounds, steps and decisions (3): 16 before the accounts' facts were
    read as one query."""
    single = make_customer(category="commercial")
    make_account(customer=single, meter=False, appliance=False)
    many = make_customer(category="commercial", by=single.sales_rep)
    _accounts_of_every_kind(many)

    assert _overview_queries(client, single) == _overview_queries(client, many) <= (
        14 if connection.vendor == "postgresql" else 13)


def test_customer_get_reads_what_select_related_reads():
    """The customer page's first read (compiled once, core.prepared) gives the customer, its
    responsible staff and custodian as the ORM gives them, and whether an account is in use."""
    from django.forms.models import model_to_dict

    from customers.selectors import customer_get, customer_may_close

    customer = make_customer(category="commercial")
    make_account(customer=customer)
    expected = Customer.objects.select_related("sales_rep", "custodian").get(pk=customer.pk)

    found, access = customer_get(user=customer.sales_rep, pk=customer.pk)

    assert access.full
    assert model_to_dict(found) == model_to_dict(expected)
    assert (found.created_at, found.updated_at) == (expected.created_at, expected.updated_at)
    assert model_to_dict(found.sales_rep) == model_to_dict(expected.sales_rep)
    assert model_to_dict(found.custodian) == model_to_dict(expected.custodian)
    assert found.accounts_in_use is True
    assert customer_may_close(found) == customer_may_close(expected)


@pytest.mark.parametrize("pk", ["99999999999999999999", "9223372036854775808", "0"])
def test_a_customer_number_beyond_the_databases_integers_is_a_404(client, pk):
    """The prepared read (core.prepared) takes any key the URL allows: one no table can hold
    finds nothing, as the ORM's lookup did, instead of an OverflowError in the driver."""
    client.force_login(UserFactory(roles=["gm"]))

    assert client.get(f"/customers/{pk}/").status_code == 404


def test_what_users_typed_is_escaped_in_the_jinja2_summary(client):
    """The page's header and overview are Jinja2 output the tag marks safe: the name, the
    legal representative, the industry, the invoice title, a premises' address and what an
    account lacks are escaped there, never printed as markup; the masked document number of
    a reader under a grant stays masked."""
    staff = UserFactory(roles=["staff"])
    customer = make_customer(by=staff, category="commercial", name='<i id="name">公司',
                             legal_representative='<b id="rep">', industry='<b id="ind">',
                             invoice_title='<b id="inv">')
    make_account(customer=customer, meter=False)
    client.force_login(staff)

    html = client.get(customer.get_absolute_url()).content.decode()

    for marker in ('<i id="name">', '<b id="rep">', '<b id="ind">', '<b id="inv">'):
        assert marker not in html
    assert "&lt;i id=&#34;name&#34;&gt;公司" in html and "&lt;b id=&#34;rep&#34;&gt;" in html
    assert 'id="id-number">' + customer.id_number in html  # in full for the custodian
    assert "incomplete-account" in html
    registered = timezone.localtime(customer.created_at).strftime("%Y-%m-%d %H:%M")
    assert f'<dd class="col-sm-8">{registered}</dd>' in html  # Asia/Shanghai, as Django's date
