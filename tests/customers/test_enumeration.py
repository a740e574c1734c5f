"""No oracle over the archive (issue 8, point 5): the search hint, the import's dry run and
the registration form reveal nothing about customers one may not read, and lists show
identifiers masked, full only on the logged detail page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.text import mask_id_number
from customers import services
from customers.importing import customer_import
from tests.accounts.factories import UserFactory
from tests.customers.factories import make_account, make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(username="owner", roles=["staff"])


@pytest.fixture
def archive(owner):
    """A customer with an account, registered by `owner`."""
    customer = make_customer(by=owner, name="保密客户甲")
    return customer, make_account(customer=customer)


@pytest.fixture
def outsider(client):
    user = UserFactory(roles=["staff"])
    client.force_login(user)
    return user


def _search(client, term) -> str:
    return client.get(reverse("customers:list"), {"q": term}).content.decode()


def zh(msgid: str, /, **params) -> str:
    with translation.override("zh-hans"):
        return gettext(msgid) % params if params else gettext(msgid)


# --- The "request access" hint ------------------------------------------------------------------
def test_a_name_search_never_hints_at_a_customer_one_may_not_read(client, archive, outsider):
    """A name, or part of one, gives no hint: names cannot be harvested by substring."""
    customer, _ = archive

    for term in ("保密客户", "保密客户甲", "客户"):
        html = _search(client, term)
        assert 'id="hidden-matches"' not in html, term
        assert customer.number not in html, term


def test_an_exact_customer_or_account_number_hints_with_the_customer_number_only(
        client, archive, outsider):
    """The full customer number (any case) or account number offers an access request for
    that customer, naming its number and never its name or identifiers."""
    customer, account = archive

    for term in (customer.number, customer.number.lower(), account.number):
        html = _search(client, term)
        assert 'id="hidden-matches"' in html and customer.number in html, term
        assert customer.name not in html and customer.id_number not in html, term
        assert customer.get_absolute_url() not in html, term


def test_a_partial_number_gives_no_hint(client, archive, outsider):
    """Typing the start of a number (KH2026…) lists nothing outside one's work."""
    customer, account = archive

    for term in (customer.number[:-1], customer.number[:6], account.number[:-1], "KH"):
        html = _search(client, term)
        assert 'id="hidden-matches"' not in html and customer.number not in html, term


def test_hint_lookups_are_rate_limited_per_user(client, archive, outsider):
    """Beyond the hourly number of lookups a user gets no hint but a message; another user
    is not affected."""
    from customers.selectors import HINT_LOOKUPS_PER_HOUR

    customer, _ = archive
    for _n in range(HINT_LOOKUPS_PER_HOUR):
        _search(client, "KH2099000001")  # a well-formed number that matches nothing

    html = _search(client, customer.number)

    assert 'id="hidden-matches"' not in html and f"<li>{customer.number}</li>" not in html
    assert 'id="hint-limit"' in html
    client.force_login(UserFactory(roles=["staff"]))
    assert 'id="hidden-matches"' in _search(client, customer.number)


def test_searching_ones_own_customer_by_number_uses_no_lookup(client, archive, owner):
    """A number that finds a customer one may read is not a lookup: the quota is untouched."""
    from customers.selectors import HINT_LOOKUPS_PER_HOUR

    customer, account = archive
    client.force_login(owner)

    for _n in range(HINT_LOOKUPS_PER_HOUR + 1):
        html = _search(client, account.number)

    assert customer.get_absolute_url() in html and 'id="hint-limit"' not in html


# --- Lists show identifiers masked ------------------------------------------------------------
@pytest.mark.parametrize("role", ["gm", "sales_director", "owner"])
def test_the_customer_list_masks_the_document_number_for_every_role(client, archive, owner,
                                                                    role):
    """Even a reader with full rights sees masked ID numbers in the list; the full number is
    on the detail page only, which writes the read log."""
    customer, _ = archive
    client.force_login(owner if role == "owner" else UserFactory(roles=[role]))

    for params in ({}, {"q": customer.number}, {"q": customer.name}):
        html = client.get(reverse("customers:list"), params).content.decode()
        assert customer.get_absolute_url() in html
        assert customer.id_number not in html
        assert mask_id_number(customer.id_number) in html


def test_the_access_request_page_shows_the_requester_numbers_not_names(client, archive,
                                                                       outsider, gm):
    """Filing a request for a run of numbers does not reveal the customers' names."""
    customer, _ = archive
    request = services.access_request_create(requester=outsider, customers=[customer],
                                             purpose="核对", scope="view", days=1)

    html = client.get(request.get_absolute_url()).content.decode()

    assert customer.number in html and customer.name not in html


def test_the_general_manager_sees_the_names_of_a_request_he_decides(client, archive,
                                                                   outsider, gm):
    """The GM reads every archive: the request shows him whom it is about."""
    customer, _ = archive
    request = services.access_request_create(requester=outsider, customers=[customer],
                                             purpose="核对", scope="view", days=1)
    client.force_login(gm)

    html = client.get(request.get_absolute_url()).content.decode()

    assert customer.name in html


# --- Import dry run and registration ------------------------------------------------------------
def _row(customer, name="张三"):
    return [{"row": 2, "name": name, "category": "居民", "id_type": "居民身份证",
             "id_number": customer.id_number}]


def test_a_dry_run_does_not_name_the_archive_holding_an_id_number(archive, outsider):
    """To someone who may not read it, a duplicate is 'a duplicate of an existing archive':
    no customer number, no name."""
    customer, _ = archive

    result = customer_import(rows=_row(customer), by=outsider, dry_run=True)

    [message] = result.rows[0].messages
    assert zh("Duplicate of an existing archive.") in message
    assert customer.number not in message and customer.name not in message


@pytest.mark.parametrize("reader", ["owner", "custodian"])
def test_a_dry_run_names_the_duplicate_for_someone_who_may_read_it(archive, owner, reader):
    """The responsible staff or the custodian learns which of their customers it is."""
    customer, _ = archive
    user = owner
    if reader == "custodian":
        user = UserFactory(roles=["staff"])
        customer.custodian = user
        customer.save()

    result = customer_import(rows=_row(customer), by=user, dry_run=True)

    [message] = result.rows[0].messages
    assert customer.number in message


def test_registering_an_existing_id_number_does_not_name_a_customer_one_may_not_read(
        archive, outsider):
    """The New customer page refuses the duplicate on the ID field without naming it."""
    customer, _ = archive

    with pytest.raises(ValidationError) as excinfo:
        services.customer_create(by=outsider, category="residential", name="张三",
                                 id_type="resident_id", id_number=customer.id_number)

    [message] = excinfo.value.message_dict["id_number"]
    assert customer.number not in message and customer.name not in message
