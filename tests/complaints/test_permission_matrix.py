"""The permission matrix of issue 11 (acceptance): every role × the complaint list, the complaint
page and the export. A complaint a role may not see is absent from its list and export and a 404
on its page; the customer's data appears only to readers of the customer, and a complaint reader
who may not read the customer leaves no access-log row."""

import csv
import io

import pytest
from django.urls import reverse

from accounts import roles
from core.models import AccessLog
from tests.accounts.factories import UserFactory
from tests.complaints.factories import S, make_complaint, walk
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db

LIST = reverse("complaints:list")
# Each role, in its own department, sees: Q, a caller's quality complaint (production handles
# it with the business department, §7.2); C, a customer's service complaint (the customer's
# readers: GM and sales director read every customer, 第十一条). The office and the GM see all.
SEES = {
    roles.GM: "QC", roles.OFFICE: "QC", roles.PRODUCTION: "Q", roles.SALES_DIRECTOR: "C",
}
READS_CUSTOMER = {roles.GM, roles.SALES_DIRECTOR}


@pytest.fixture
def matrix(desk):
    customer = make_customer(by=desk.receiver, contacts=[{"name": "甲", "mobile": "13900001111"}])
    quality = walk(make_complaint(desk, quality=True, caller_name="质量来电"), desk, S.HANDLING)
    service = make_complaint(desk, customer=customer, caller_name="")
    users = {code: UserFactory(username=f"matrix_{code}", roles=[code])
             for code in roles.ROLE_CODES}
    return {"Q": quality, "C": service, "customer": customer, "users": users}


def _export_numbers(client) -> set[str]:
    response = client.get(LIST, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    return {row[0] for row in rows}


@pytest.mark.parametrize("role", roles.ROLE_CODES)
def test_each_role_sees_exactly_its_complaints_on_every_page(client, matrix, role):
    user = matrix["users"][role]
    client.force_login(user)
    expected = {matrix[key].number for key in SEES.get(role, "")}

    listed = {row["complaint"].number for row in client.get(LIST).context["rows"]}
    exported = _export_numbers(client)
    pages = {key: client.get(matrix[key].get_absolute_url()).status_code for key in "QC"}
    sheets = {key: client.get(reverse("complaints:pdf", args=[matrix[key].pk])).status_code
              for key in "QC"}

    assert listed == expected
    assert exported == expected
    assert pages == {key: 200 if key in SEES.get(role, "") else 404 for key in "QC"}
    assert sheets == pages  # the handling sheet PDF: the same rule


@pytest.mark.parametrize("role", roles.ROLE_CODES)
def test_the_customers_data_and_its_log_only_for_readers_of_the_customer(client, matrix, role):
    client.force_login(matrix["users"][role])
    customer = matrix["customer"]

    response = client.get(matrix["C"].get_absolute_url())
    exported = client.get(LIST, {"export": "csv"}).content.decode("utf-8-sig")

    html = response.content.decode()
    reads = role in READS_CUSTOMER
    assert (customer.name in html) is reads
    assert (customer.number in html) is reads
    assert (customer.number in exported) is reads
    assert ("13900001111" in html) is reads
    logged = AccessLog.objects.filter(user=matrix["users"][role], object_id=str(customer.pk))
    assert logged.exists() is reads
