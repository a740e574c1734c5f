"""One masking rule (issue 8, point 4): every field that identifies a person or an organisation
is shown in full only to readers with full rights (Access.full) — on every tab of the customer
page, in its history, on the account page and in the user information sheet — and masked for
everyone else, e.g. a reader under a GM-approved access grant (第十一条)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from core.history import history_entries
from core.text import identifying_fields, mask_field_value, mask_identifier
from customers import services
from customers.models import Contact, Customer
from customers.views.archive import TABS
from tests.accounts.factories import UserFactory
from tests.customers.factories import credit_code, make_account

pytestmark = pytest.mark.django_db

OLD_CREDIT_CODE = credit_code(910001)
NEW_CREDIT_CODE = credit_code(910002)
OLD_TAX_NUMBER = OLD_CREDIT_CODE  # an organisation's tax number is its credit code
NEW_TAX_NUMBER = "530102199812345"  # an old-style 15-digit tax registration number
OLD_MOBILE, NEW_MOBILE = "13912345678", "13698765432"
OLD_LANDLINE, NEW_LANDLINE = "0871-65123456", "0871-68887777"
OLD_EMAIL, NEW_EMAIL = "caiwu@cuihu.example.com", "zhangli@cuihu.example.com"
FULL_VALUES = [OLD_CREDIT_CODE, NEW_CREDIT_CODE, NEW_TAX_NUMBER, OLD_MOBILE, NEW_MOBILE,
               OLD_LANDLINE, NEW_LANDLINE, OLD_EMAIL, NEW_EMAIL]


@pytest.fixture
def owner():
    return UserFactory(username="owner", roles=["staff"])


@pytest.fixture
def archive(owner, archive_confirmer):
    """An organisation whose credit code, tax number, phones and e-mail were all set once and
    changed once (so its history holds old and new values), with one account."""
    customer = services.customer_create(
        by=owner, category="commercial", name="翠湖酒店", id_type="uscc",
        id_number=OLD_CREDIT_CODE, invoice_title="翠湖酒店有限公司", tax_number=OLD_TAX_NUMBER,
        legal_representative="张立",
        contacts=[{"name": "张立", "mobile": OLD_MOBILE, "landline": OLD_LANDLINE,
                   "email": OLD_EMAIL, "is_primary": True}])
    approval_decide(step=pending_request_for(customer).steps.get(), by=archive_confirmer,
                    approve=True)
    customer.refresh_from_db()
    services.customer_update(customer=customer, by=owner, id_number=NEW_CREDIT_CODE,
                             tax_number=NEW_TAX_NUMBER)
    services.contact_update(contact=customer.contacts.get(), by=owner, mobile=NEW_MOBILE,
                            landline=NEW_LANDLINE, email=NEW_EMAIL)
    account = make_account(customer=customer)
    return Customer.objects.get(pk=customer.pk), account


def _grant(customer, gm, *, scope):
    """A reader outside the customer's work, with a GM-approved access request."""
    reader = UserFactory(roles=["office"])
    request = services.access_request_create(requester=reader, customers=[customer],
                                             purpose="核对投诉用户信息", scope=scope, days=3)
    approval_decide(step=pending_request_for(request).steps.get(), by=gm, approve=True)
    return reader, request


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def _pages(client, customer, account, request=None) -> dict[str, str]:
    """The body of every customer page a reader may open, by name."""
    bodies = {}
    for tab in TABS:
        response = client.get(customer.get_absolute_url(), {"tab": tab})
        if response.status_code == 200:
            bodies[f"tab {tab}"] = response.content.decode()
    bodies["account"] = client.get(account.get_absolute_url()).content.decode()
    if request is not None:
        bodies["access request"] = client.get(request.get_absolute_url()).content.decode()
    return bodies


def test_the_history_really_holds_old_and_new_identifiers(archive):
    """The fixture is meaningful: the customer's history has the old and new credit code and
    tax number, the contact's history the old and new phones."""
    customer, _ = archive
    contact = Contact.objects.get(customer=customer)

    assert {OLD_CREDIT_CODE, NEW_CREDIT_CODE} <= set(
        customer.history.values_list("id_number", flat=True))
    assert {OLD_TAX_NUMBER, NEW_TAX_NUMBER} <= set(
        customer.history.values_list("tax_number", flat=True))
    assert {OLD_MOBILE, NEW_MOBILE} <= set(contact.history.values_list("mobile", flat=True))


def test_a_view_only_grant_shows_no_full_identifier_on_any_tab(client, archive, gm):
    """Overview (document number and invoice tax number), contacts, accounts, contracts,
    credit, visits, history and the account page: every identifier is masked."""
    customer, account = archive
    reader, request = _grant(customer, gm, scope="view")
    client.force_login(reader)

    bodies = _pages(client, customer, account, request)

    assert {"tab overview", "tab contacts", "tab history", "account"} <= set(bodies)
    for name, body in bodies.items():
        for value in FULL_VALUES:
            assert value not in body, f"{value} in {name}"
    assert mask_identifier("document", NEW_CREDIT_CODE) in bodies["tab overview"]
    assert mask_identifier("document", NEW_TAX_NUMBER) in bodies["tab overview"]
    assert mask_identifier("phone", NEW_MOBILE) in bodies["tab contacts"]
    history = bodies["tab history"]
    assert mask_identifier("document", OLD_CREDIT_CODE) in history
    assert mask_identifier("document", NEW_CREDIT_CODE) in history


def test_a_view_and_print_grant_prints_a_sheet_without_full_identifiers(client, archive, gm):
    """The user information sheet printed under a grant masks the document number and the
    phones (the grant allows printing, not reading in full)."""
    customer, account = archive
    reader, _ = _grant(customer, gm, scope="view_print")
    client.force_login(reader)

    response = client.get(reverse("customers:account_sheet", args=[account.pk]))

    text = _pdf_text(response.content)
    assert response.status_code == 200
    for value in FULL_VALUES:
        assert value not in text, value
    assert mask_identifier("document", NEW_CREDIT_CODE) in text


def test_the_responsible_staff_member_sees_every_identifier_in_full(client, archive, owner):
    """Full rights: the document number, the tax number, the phones and the e-mail on the tabs,
    old and new values in the history, and in the printed sheet."""
    customer, account = archive
    client.force_login(owner)

    bodies = _pages(client, customer, account)
    sheet = _pdf_text(client.get(reverse("customers:account_sheet", args=[account.pk])).content)

    assert NEW_CREDIT_CODE in bodies["tab overview"]
    assert NEW_TAX_NUMBER in bodies["tab overview"]
    assert NEW_MOBILE in bodies["tab contacts"] and NEW_LANDLINE in bodies["tab contacts"]
    assert NEW_EMAIL in bodies["tab contacts"]
    for value in (OLD_CREDIT_CODE, NEW_CREDIT_CODE, NEW_TAX_NUMBER):
        assert value in bodies["tab history"]
    assert NEW_CREDIT_CODE in sheet and NEW_MOBILE in sheet


def test_history_entries_mask_identifying_fields_unless_asked_for_full_values(archive):
    """history_entries masks by default; full=True is for readers with full rights."""
    customer, _ = archive

    masked = [change for entry in history_entries(customer) for change in entry.changes]
    full = [change for entry in history_entries(customer, full=True) for change in entry.changes]

    masked_id = next(change for change in masked if change.field == "id_number")
    full_id = next(change for change in full if change.field == "id_number")
    assert (masked_id.old, masked_id.new) == (mask_identifier("document", OLD_CREDIT_CODE),
                                              mask_identifier("document", NEW_CREDIT_CODE))
    assert (full_id.old, full_id.new) == (OLD_CREDIT_CODE, NEW_CREDIT_CODE)


def test_the_identifying_fields_are_declared_once_on_the_models():
    """Document number and tax number of the customer, phones and e-mail of its contacts."""
    assert identifying_fields(Customer) == {"id_number": "document", "tax_number": "document"}
    assert identifying_fields(Contact) == {"mobile": "phone", "landline": "phone",
                                           "email": "email"}
    assert mask_field_value(Customer, "name", "翠湖酒店") == "翠湖酒店"
    assert mask_field_value(Customer, "tax_number", OLD_TAX_NUMBER) == mask_identifier(
        "document", OLD_CREDIT_CODE)


@pytest.mark.parametrize(("kind", "value", "masked"), [
    ("document", "110101199003074258", "110***********4258"),
    ("document", "91350100M000100Y43", "913***********0Y43"),
    ("document", "530102199812345", "530********2345"),
    ("document", "E12345678", "E******78"),
    ("phone", "13812345678", "138****5678"),
    ("phone", "0871-65123456", "0871-****3456"),
    ("bank_account", "6222021234567890123", "***************0123"),
    ("email", "zhangli@example.com", "z******@example.com"),
    ("document", "", ""),
])
def test_each_kind_of_identifier_has_one_mask(kind, value, masked):
    """The mask keeps just enough to recognise a known value, never enough to learn it."""
    assert mask_identifier(kind, value) == masked
