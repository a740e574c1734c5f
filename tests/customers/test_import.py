"""客户批量导入: reading CSV and Excel files, the dry run, the all-or-nothing import, the pages."""

import csv
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from approvals.selectors import pending_request_for
from core.attachments import attachment_add
from core.validators import id_check_char, uscc_check_char
from customers import services
from customers.importing import (
    COLUMNS,
    MAX_ROWS,
    ImportResult,
    customer_import,
    read_table,
)
from customers.models import Contact, Customer, GasAccount, GasUseClass
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = ["客户名称", "客户类别", "证件类型", "证件号码", "联系人", "联系人职务", "手机"]
RESIDENT_ID = "11010519491231002X"
USCC = "91350100M000100Y43"


def resident_id(first17: str) -> str:
    return first17 + id_check_char(first17)


def uscc(first17: str) -> str:
    return first17 + uscc_check_char(first17)


GOOD_ROWS = [
    ["张三", "居民", "居民身份证", RESIDENT_ID, "", "", "13800138000"],
    ["示例餐饮有限公司", "商业", "统一社会信用代码", USCC, "王五", "店长", "13912345678"],
    ["李四", "residential", "resident_id", resident_id("53010219900307123"), "", "", ""],
]


def csv_file(rows, *, header=HEADER, encoding="utf-8-sig", name="customers.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def xlsx_file(rows, *, header=HEADER, name="customers.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def zh(msgid: str, /, **params) -> str:
    """A message as the import writes it: in Chinese (once the catalogue has it)."""
    with translation.override("zh-hans"):
        return gettext(msgid) % params if params else gettext(msgid)


def messages_of(result: ImportResult, row: int) -> list[str]:
    return next(item.messages for item in result.rows if item.row == row)


@pytest.fixture(autouse=True)
def sales_director(db):
    """The archive confirmation needs someone who can decide it."""
    return UserFactory(roles=["sales_director"])


@pytest.fixture
def staff(db):
    return UserFactory(roles=["staff"])


# --- Reading files -----------------------------------------------------------------------------
def test_a_csv_file_gives_one_record_per_data_row_numbered_as_in_the_file():
    """Blank rows are skipped but the numbering keeps the file's rows (header = row 1)."""
    upload = csv_file([GOOD_ROWS[0], [""] * len(HEADER), GOOD_ROWS[1]])

    records = read_table(upload)

    assert [record["row"] for record in records] == [2, 4]
    assert records[0]["name"] == "张三"
    assert records[1]["contact_position"] == "店长"


def test_a_gb18030_csv_file_is_read_too():
    """Excel on Chinese Windows saves CSV in GB18030."""
    upload = csv_file(GOOD_ROWS[:1], encoding="gb18030")

    records = read_table(upload)

    assert records[0]["name"] == "张三"
    assert records[0]["category"] == "居民"


def test_a_file_without_the_required_columns_is_refused_naming_them():
    """The message names every missing required column."""
    upload = csv_file([["张三", "13800138000"]], header=["客户名称", "手机"])

    with pytest.raises(ValidationError) as caught:
        read_table(upload)

    message = caught.value.messages[0]
    assert "客户类别" in message
    assert "证件类型" in message
    assert "证件号码" in message
    assert "客户名称" not in message


def test_a_file_with_more_than_the_maximum_of_rows_is_refused():
    """At most 5,000 data rows per file."""
    upload = csv_file([GOOD_ROWS[0]] * (MAX_ROWS + 1))

    with pytest.raises(ValidationError) as caught:
        read_table(upload)

    assert caught.value.code == "rows"


def test_a_file_of_another_type_is_refused():
    """Only .csv and .xlsx are read."""
    upload = SimpleUploadedFile("customers.xls", b"\xd0\xcf\x11\xe0")

    with pytest.raises(ValidationError) as caught:
        read_table(upload)

    assert caught.value.code == "type"


# --- Dry run and import ------------------------------------------------------------------------
def test_a_dry_run_of_a_good_csv_creates_nothing_and_reports_every_row_ok(staff):
    """Every row is checked through the services and rolled back."""
    rows = read_table(csv_file(GOOD_ROWS))

    result = customer_import(rows=rows, by=staff, dry_run=True)

    assert [(row.row, row.status) for row in result.rows] == [(2, "ok"), (3, "ok"), (4, "ok")]
    assert not result.committed
    assert not any(row.number for row in result.rows)
    assert Customer.objects.count() == 0
    assert Contact.objects.count() == 0


def test_a_dry_run_reports_each_bad_rows_errors_in_chinese_naming_the_column(staff):
    """A bad check digit, an unknown category and a malformed mobile are errors; a commercial
    customer without a contact is not (it starts pre-registered)."""
    rows = read_table(csv_file([
        GOOD_ROWS[0],
        ["错号", "居民", "居民身份证", "110105194912310021", "", "", ""],
        ["类别不明", "餐饮", "统一社会信用代码", uscc("91530100MA6K00001"), "", "", ""],
        ["无联系人公司", "商业", "统一社会信用代码", uscc("91530100MA6K00002"), "", "", ""],
        ["手机错误公司", "商业", "统一社会信用代码", uscc("91530100MA6K00003"), "赵六", "",
         "1380013800"],
    ]))

    result = customer_import(rows=rows, by=staff, dry_run=True)

    assert [row.status for row in result.rows] == ["ok", "error", "error", "ok", "error"]
    [check_digit] = messages_of(result, 3)
    assert "证件号码" in check_digit
    assert check_digit.endswith("身份证号码校验位不正确，请核对号码。")
    [category] = messages_of(result, 4)
    assert "客户类别" in category
    assert "选择一个有效的选项" in category
    [mobile] = messages_of(result, 6)
    assert "手机" in mobile
    assert mobile.endswith("手机号码为 11 位，以 13–19 开头。")
    assert mobile == zh("Row %(row)s %(column)s: %(message)s", row=6, column="手机",
                        message="手机号码为 11 位，以 13–19 开头。")
    assert Customer.objects.count() == 0


def test_a_real_import_with_one_bad_row_creates_nothing_and_leaves_no_number_gap(staff):
    """All or nothing: the good rows are undone with the bad one, numbers included."""
    rows = read_table(csv_file([*GOOD_ROWS, ["错号", "居民", "居民身份证",
                                             "110105194912310021", "", "", ""]]))

    result = customer_import(rows=rows, by=staff, dry_run=False)
    customer = services.customer_create(by=staff, category="residential", name="王二",
                                        id_type="resident_id",
                                        id_number=resident_id("53010219800101001"))

    assert not result.committed
    assert result.error_count == 1
    assert not result.created
    assert Customer.objects.count() == 1
    assert customer.number == f"KH{timezone.localdate().year}000001"


def test_a_real_import_of_good_rows_creates_numbered_customers_with_contacts(staff):
    """Each customer gets its number, its contact and a pending archive confirmation."""
    rows = read_table(csv_file(GOOD_ROWS))

    result = customer_import(rows=rows, by=staff, dry_run=False)

    year = timezone.localdate().year
    assert result.committed
    assert [row.number for row in result.rows] == [f"KH{year}00000{n}" for n in (1, 2, 3)]
    customers = Customer.objects.order_by("number")
    assert [customer.name for customer in customers] == ["张三", "示例餐饮有限公司", "李四"]
    assert {customer.archive_state for customer in customers} == {"pending"}
    assert all(pending_request_for(customer) for customer in customers)
    assert {customer.status for customer in customers} == {"draft"}
    assert {customer.sales_rep for customer in customers} == {staff}
    company = customers.get(id_number=USCC)
    [contact] = company.contacts.all()
    assert (contact.name, contact.position, contact.mobile, contact.is_primary) == (
        "王五", "店长", "13912345678", True)
    assert customers.get(name="张三").contacts.get().name == "张三"
    assert not customers.get(name="李四").contacts.exists()


def test_the_same_identity_twice_in_the_file_is_reported_on_the_later_row(staff):
    """The second row with the same 证件类型 + 证件号码 names the first."""
    rows = read_table(csv_file([GOOD_ROWS[0], ["张三二", "居民", "身份证",
                                               RESIDENT_ID.lower(), "", "", ""]]))

    result = customer_import(rows=rows, by=staff, dry_run=True)

    assert [row.status for row in result.rows] == ["ok", "error"]
    assert messages_of(result, 3) == [zh(
        "Row %(row)s %(column)s: %(message)s", row=3, column="证件号码",
        message=zh("Same identity document as row %(row)s.", row=2))]


def test_an_existing_customer_is_reported_by_its_number(staff):
    """The unique identity is checked against the archive before saving."""
    existing = services.customer_create(by=staff, category="residential", name="张三",
                                        id_type="resident_id", id_number=RESIDENT_ID)
    rows = read_table(csv_file(GOOD_ROWS[:1]))

    result = customer_import(rows=rows, by=staff, dry_run=False)

    [message] = messages_of(result, 2)
    assert existing.number in message
    assert message.endswith(zh("Customer %(number)s already exists.", number=existing.number))
    assert Customer.objects.count() == 1


def test_an_xlsx_file_imports_like_a_csv_file(staff):
    """Numbers typed as numbers in Excel (phones) are read as text."""
    rows = read_table(xlsx_file([GOOD_ROWS[0][:6] + [13800138000], GOOD_ROWS[1]]))

    result = customer_import(rows=rows, by=staff, dry_run=False)

    assert result.committed
    assert [row.row for row in result.created] == [2, 3]
    assert Contact.objects.get(customer__name="张三").mobile == "13800138000"


def test_a_row_with_a_notice_and_a_gas_use_class_opens_an_account(staff):
    """The account is opened at the notice's premises, which needs the acceptance drawings."""
    planner = UserFactory(roles=["planning"])
    premises = services.premises_create(by=planner, district="五华区", detail="示例路 1 号")
    notice = services.notice_issue(premises=premises, by=planner)
    attachment_add(record=notice, by=planner, uploaded_file=SimpleUploadedFile(
        "drawing.pdf", b"%PDF-1.4\n%drawing\n"))
    header = [*HEADER, "送气通知单号", "用气性质"]
    rows = read_table(csv_file([[*GOOD_ROWS[1], notice.number, "商业"]], header=header))

    result = customer_import(rows=rows, by=staff, dry_run=False)

    assert result.committed, result.rows[0].messages
    account = GasAccount.objects.get()
    assert account.customer.number == result.rows[0].number
    assert account.premises == premises
    assert account.use_class == GasUseClass.objects.get(code="commercial")


def test_a_notice_without_drawings_is_an_error_on_the_notice_column(staff):
    """第七条: no account without the acceptance drawings; the customer is not kept either."""
    planner = UserFactory(roles=["planning"])
    premises = services.premises_create(by=planner, district="五华区")
    notice = services.notice_issue(premises=premises, by=planner)
    header = [*HEADER, "送气通知单号", "用气性质"]
    rows = read_table(csv_file([[*GOOD_ROWS[1], notice.number, "commercial"]], header=header))

    result = customer_import(rows=rows, by=staff, dry_run=False)

    [message] = messages_of(result, 2)
    assert "送气通知单号" in message
    assert notice.number in message
    assert not Customer.objects.exists()


def test_only_business_staff_may_import():
    """Anyone else is refused before a row is read."""
    finance = UserFactory(roles=["finance"])

    with pytest.raises(PermissionDenied):
        customer_import(rows=[], by=finance, dry_run=True)


# --- Pages -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("path", "url_name"), [
    ("/customers/import/", "customers:import"),
    ("/customers/import/template/", "customers:import_template")])
def test_the_import_pages_are_routes_of_the_customers_namespace(path, url_name):
    """The project's URLconf sends customers/import/ to the import, not to a customer pattern."""
    match = resolve(path)

    assert match.view_name == url_name
    assert reverse(url_name) == path


def test_staff_get_the_upload_form_with_the_dry_run_ticked(client, staff):
    """The page offers the file field, the dry-run box and the template."""
    client.force_login(staff)

    response = client.get(reverse("customers:import"))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'type="file"' in content
    assert re.search(r'<input type="checkbox" name="dry_run"[^>]* checked', content)
    assert reverse("customers:import_template") in content


@pytest.mark.parametrize("url_name", ["customers:import", "customers:import_template"])
def test_a_user_without_the_staff_role_is_forbidden(client, url_name):
    """Finance may not import customers."""
    client.force_login(UserFactory(roles=["finance"]))

    response = client.get(reverse(url_name))

    assert response.status_code == 403


def test_posting_a_file_for_a_dry_run_shows_the_result_table(client, staff):
    """Each row with its status and messages; nothing saved."""
    client.force_login(staff)
    upload = csv_file([GOOD_ROWS[0], ["错号", "居民", "居民身份证", "110105194912310021",
                                      "", "", ""]])

    response = client.post(reverse("customers:import"),
                           {"file": upload, "dry_run": "on"})

    assert response.status_code == 200
    assert response.context["result"].error_count == 1
    content = response.content.decode()
    assert 'id="import-rows"' in content
    assert "身份证号码校验位不正确，请核对号码。" in content
    assert Customer.objects.count() == 0


def test_a_real_import_through_the_page_links_the_new_customers(client, staff):
    """Without the dry-run box the rows are saved and each new number links to its archive."""
    client.force_login(staff)

    response = client.post(reverse("customers:import"), {"file": csv_file(GOOD_ROWS)})

    assert response.status_code == 200
    assert Customer.objects.count() == 3
    content = response.content.decode()
    for customer in Customer.objects.all():
        assert f'href="{customer.get_absolute_url()}"' in content


def test_a_refused_file_is_shown_on_the_form(client, staff):
    """A file without the required columns is a form error naming them."""
    client.force_login(staff)
    upload = csv_file([["张三"]], header=["客户名称"])

    response = client.post(reverse("customers:import"), {"file": upload})

    assert response.status_code == 400
    assert "证件号码" in response.content.decode()


def test_the_template_is_an_xlsx_file_with_the_chinese_headers_and_valid_examples(client, staff):
    """The template reads back through the import and its examples pass the dry run."""
    client.force_login(staff)

    response = client.get(reverse("customers:import_template"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    rows = read_table(SimpleUploadedFile("template.xlsx", response.content))
    result = customer_import(rows=rows, by=staff, dry_run=True)
    assert [row.status for row in result.rows] == ["ok", "ok"], result.rows
