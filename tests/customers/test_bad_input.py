"""Bad input to the customer pages and the import gets an error naming the field, never a 500,
and a hostile file is refused before it costs minutes of CPU."""

import datetime
import io
import re
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from customers import forms, services
from customers.importing import MAX_SHEET_ROWS, read_table
from tests.customers.factories import make_account, make_customer

pytestmark = pytest.mark.django_db

HEADER = ["客户名称", "客户类别", "证件类型", "证件号码"]


def _xlsx(sheet_xml=lambda xml: xml) -> bytes:
    """A small valid workbook whose first sheet's XML is rewritten by `sheet_xml`."""
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(["张三", "居民", "居民身份证", "11010519491231002X"])
    plain = io.BytesIO()
    workbook.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = sheet_xml(content)
            dst.writestr(item, content)
    return out.getvalue()


def _refused_quickly(data: bytes, name="customers.xlsx") -> ValidationError:
    started = time.monotonic()
    with pytest.raises(ValidationError) as caught:
        read_table(SimpleUploadedFile(name, data))
    assert time.monotonic() - started < 5
    return caught.value


def test_an_xlsx_whose_dimension_claims_8_million_rows_is_refused_before_reading():
    """A sheet declaring A1:R8000000 is refused from its declared dimension, in well under 5 s."""
    data = _xlsx(lambda xml: re.sub(rb'<dimension ref="[^"]*" ?/>',
                                    b'<dimension ref="A1:R8000000"/>', xml))
    assert len(data) < 10_000

    error = _refused_quickly(data)

    assert error.code == "rows"


def test_an_xlsx_with_8_million_blank_rows_and_no_dimension_stops_at_the_row_limit():
    """Without a dimension, blank rows count too: reading stops after MAX_SHEET_ROWS rows."""
    far = b'<row r="8000000"><c r="A8000000" t="inlineStr"><is><t>x</t></is></c></row>'
    data = _xlsx(lambda xml: re.sub(rb'<dimension ref="[^"]*" ?/>', b"", xml)
                 .replace(b"</sheetData>", far + b"</sheetData>"))

    error = _refused_quickly(data)

    assert error.code == "rows"


def test_a_csv_of_blank_lines_stops_at_the_row_limit():
    """Ten megabytes less a byte of blank lines are refused after MAX_SHEET_ROWS rows."""
    data = ",".join(HEADER).encode() + b"\n" + b"\n" * (10 * 1024 * 1024 - 100)

    error = _refused_quickly(data, name="customers.csv")

    assert error.code == "rows"


def test_an_xlsx_that_inflates_beyond_the_byte_limit_is_refused_before_parsing():
    """A sheet whose XML inflates to over 100 MB (a zip bomb) is refused from the zip index."""
    padding = b"<!--" + b" " * (101 * 1024 * 1024) + b"-->"
    data = _xlsx(lambda xml: xml.replace(b"<sheetData>", padding + b"<sheetData>"))
    assert len(data) < 1024 * 1024

    error = _refused_quickly(data)

    assert error.code == "size"


def test_the_row_limit_leaves_room_for_the_maximum_of_data_rows():
    """MAX_SHEET_ROWS (blank rows included) is above the 5,000 data rows a file may hold."""
    from customers.importing import MAX_ROWS

    assert MAX_SHEET_ROWS > MAX_ROWS + 1


@pytest.mark.parametrize("value", ["abc", "1.5", "{}"])
def test_a_non_numeric_contact_id_is_a_404(client, staff_user, value):
    """`contact_id` that is not an id names no contact: 404, not a ValueError."""
    customer = make_customer(by=staff_user)
    client.force_login(staff_user)

    response = client.post(f"/customers/{customer.pk}/do/contact/",
                           {"contact_id": value, "name": "王五"})

    assert response.status_code == 404


def test_an_alarm_installed_in_9999_is_a_field_error_not_an_overflow(staff_user):
    """The replacement year would pass 9999: the installation date is refused by name."""
    account = make_account(customer=make_customer(by=staff_user))

    with pytest.raises(ValidationError) as caught:
        services.alarm_add(account=account, by=staff_user, brand="x",
                           installed_on=datetime.date(9999, 12, 31))

    assert "installed_on" in caught.value.message_dict


def test_a_transfer_reason_longer_than_the_history_column_is_a_field_error():
    """The transfer reason ends in the history row's reason (100 characters): the form caps it."""
    form = forms.TransferForm({"to_number": "KH1", "reason": "x" * 150})

    assert not form.is_valid()
    assert "reason" in form.errors
