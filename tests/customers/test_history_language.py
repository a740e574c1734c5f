"""Issue 13, point 9: history reasons and access-log bases are codes shown in the reader's
language. A Chinese page shows no English reason words, and the access log one language."""

import re

import pytest
from django.test import RequestFactory
from django.utils import translation

from contracts import services as contract_services
from core.access import access_log_write
from core.reasons import BASES, REASONS, basis
from customers import services
from customers.models import Customer
from tests.accounts.factories import UserFactory
from tests.contracts.conftest import approved_installation
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db


def _english_labels(registry) -> list[str]:
    """Every registered label as an English reader sees it."""
    with translation.override("en"):
        return sorted({str(label) for label in registry.labels().values()})


def _table(html: str, table_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, f"no table #{table_id} on the page"
    return match.group(0)


def _english_words_in(table: str, labels: list[str]) -> list[str]:
    return [label for label in labels if re.search(rf"(?<![A-Za-z]){re.escape(label)}(?![A-Za-z])",
                                                   table)]


@pytest.fixture
def archive_confirmer(db):
    return UserFactory(username="sales_director_user", roles=["sales_director"])


def test_the_customer_history_in_chinese_has_no_english_reason_words(client, archive_confirmer):
    staff = UserFactory(roles=["staff"])
    customer = make_customer(by=staff)
    services.customer_update(customer=customer, by=staff, credit_rating="B")
    services.customer_submit_archive(customer=customer, by=staff)
    customer.refresh_from_db()
    client.force_login(staff)

    html = client.get(customer.get_absolute_url(), {"tab": "history"},
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    history = _table(html, "history")
    rows = customer.history.values_list("history_change_reason", flat=True)
    assert {"created", "changed"} <= set(rows)
    assert _english_words_in(history, _english_labels(REASONS)) == []
    with translation.override("zh-hans"):
        assert str(REASONS.labels()["created"]) in history


def test_the_contract_history_in_chinese_has_no_english_reason_words(client, archive_confirmer):
    staff = UserFactory(username="drafter", roles=["staff"])
    contract = contract_services.contract_sign(contract=approved_installation(staff), by=staff)
    client.force_login(staff)

    html = client.get(contract.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans"
                      ).content.decode()

    history = _table(html, "history")
    assert set(contract.history.values_list("history_change_reason", flat=True)) >= {
        "drafted", "no_approval_needed", "signed"}
    assert _english_words_in(history, _english_labels(REASONS)) == []


def test_the_access_log_in_chinese_shows_one_language(client):
    """Reads under every kind of basis (role, grant, export, contract seat) read in Chinese."""
    staff, gm = UserFactory(roles=["staff"]), UserFactory(roles=["gm"])
    customer = make_customer(by=staff)
    client.force_login(gm)
    assert client.get(customer.get_absolute_url()).status_code == 200
    request = RequestFactory().get("/")
    request.user = gm
    for stored in (basis("grant", "#12"), "customer_list_export",
                   basis("contract_roles", "gm, finance"), "take_or_pay_drafting"):
        access_log_write(request=request, obj=customer, grant=stored)
    client.force_login(staff)  # the custodian reads the log
    client.get(customer.get_absolute_url())

    html = client.get(customer.get_absolute_url(), {"tab": "log"},
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    log = _table(html, "access-log")
    cells = [re.findall(r"<td>(.*?)</td>", row, re.S)[-1]
             for row in re.findall(r"<tr><td>.*?</tr>", log, re.S)]
    assert len(cells) >= 6
    assert _english_words_in(log, _english_labels(BASES)) == []
    assert not [cell for cell in cells if re.search(r"[A-Za-z]", cell)], cells
    with translation.override("zh-hans"):
        assert str(BASES.labels()["archive_custodian"]) in log
        assert str(BASES.labels()["general_manager"]) in log


def test_the_same_rows_read_in_english_for_an_english_reader(client):
    """The language is the reader's, not the writer's: the same rows in English."""
    staff = UserFactory(roles=["staff"])
    customer = make_customer(by=staff)
    services.customer_update(customer=customer, by=staff, credit_rating="B")
    client.force_login(staff)
    client.get(customer.get_absolute_url())
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    history = _table(client.get(customer.get_absolute_url(), {"tab": "history"}
                                ).content.decode(), "history")
    log = _table(client.get(customer.get_absolute_url(), {"tab": "log"}).content.decode(),
                 "access-log")

    with translation.override("en"):
        assert str(REASONS.labels()["created"]) in history
        assert str(BASES.labels()["archive_custodian"]) in log


def test_old_rows_written_before_the_codes_stay_readable():
    """English phrases of old rows read as their codes; unknown text is shown as stored."""
    with translation.override("en"):
        assert REASONS.display("archive submitted for confirmation") == str(
            REASONS.labels()["archive_submitted_for_confirmation"])
        assert REASONS.display("rejected: back to draft") == str(
            REASONS.labels()["rejected_back_to_draft"])
        assert REASONS.display("void: 重复录入") == f"{REASONS.labels()['voided']}: 重复录入"
        assert REASONS.display(f"status {Customer.Status.CLOSED}").startswith("Status set to")
        assert REASONS.display("随便写的") == "随便写的"
        assert BASES.display("档案管理人") == "档案管理人"
