"""The lists in the browser (issue 13, points 3 and 4): the customer and contract lists are
sorted by a header, filtered from the folded filters and paged, the filters and the sort
kept in every link, at 1440×900 and on a 390×844 phone without sideways scrolling; on the
phone the approval inbox is a column of cards whose approve button spans the card."""

import os
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.wait import WebDriverWait

from accounts.models import User
from approvals.services import approval_submit
from contracts import services as contract_services
from contracts.models import ContractType
from tests.approvals.factories import ApplicationFactory, route
from tests.customers.factories import make_customer
from tests.e2e.helpers import click_and_wait, screenshot, scroll_into_view, sign_in

pytestmark = pytest.mark.browser

SIZES = ((1440, 900), (390, 844))


def _no_sideways_scroll(browser, where):
    scroll, inner = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll <= inner, f"{where}: {scroll} > {inner}"


def _query(browser) -> dict[str, list[str]]:
    return parse_qs(urlparse(browser.current_url).query)


def _row_links(browser, table_id) -> list[str]:
    return [
        link.text
        for link in browser.find_elements(By.CSS_SELECTOR, f"#{table_id} tbody tr td:first-child a")
    ]


def _open_filters(browser):
    details = browser.find_element(By.ID, "more-filters")
    if details.get_attribute("open") is None:
        summary = details.find_element(By.TAG_NAME, "summary")
        scroll_into_view(browser, summary)
        summary.click()


def _sort_filter_and_page(
    browser,
    live_server,
    *,
    path,
    table,
    sort,
    select,
    value,
    expected_sorted,
    expected_filtered,
    width,
):
    """Sort by the header `sort`, filter with the select `select` = `value`, go to page 2,
    checking the rows and that each step keeps the others in the URL."""
    browser.get(f"{live_server.url}{path}?size=20")
    _no_sideways_scroll(browser, f"{path} {width}")
    click_and_wait(browser, f'th[data-sort="{sort}"] a')
    assert _query(browser)["sort"] == [sort]
    assert _row_links(browser, table) == expected_sorted[:20]
    _no_sideways_scroll(browser, f"{path} sorted {width}")

    _open_filters(browser)
    Select(browser.find_element(By.NAME, select)).select_by_value(value)
    click_and_wait(browser, "#more-filters button[type=submit]")
    query = _query(browser)
    assert query["sort"] == [sort] and query[select] == [value] and query["size"] == ["20"]
    assert _row_links(browser, table) == expected_filtered[:20]
    screenshot(browser, f"list-{table}-{width}.png")
    _no_sideways_scroll(browser, f"{path} filtered {width}")

    click_and_wait(browser, "#pages a[href*='page=2']")
    query = _query(browser)
    assert query["page"] == ["2"] and query["sort"] == [sort] and query[select] == [value]
    assert _row_links(browser, table) == expected_filtered[20:40]
    _no_sideways_scroll(browser, f"{path} page 2 {width}")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_customer_list_is_sorted_filtered_and_paged(
    live_server, browser, transactional_db, width, height
):
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    staff = User.objects.get(username="staff")
    for n in range(24):
        make_customer(by=staff, category="commercial", name=f"排序单位{n:02d}")
    for n in range(3):
        make_customer(by=staff, name=f"居民户{n}")
    from customers.selectors import customer_list

    visible = customer_list(user=staff)
    by_number = list(visible.order_by("number", "pk").values_list("number", flat=True))
    commercial = list(
        visible.filter(category="commercial")
        .order_by("number", "pk")
        .values_list("number", flat=True)
    )
    assert len(commercial) > 20
    sign_in(browser, live_server, "staff")
    browser.set_window_size(width, height)

    _sort_filter_and_page(
        browser,
        live_server,
        path="/customers/",
        table="customers",
        sort="number",
        select="category",
        value="commercial",
        expected_sorted=by_number,
        expected_filtered=commercial,
        width=width,
    )


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_contract_list_is_sorted_filtered_and_paged(
    live_server, browser, transactional_db, width, height
):
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    staff = User.objects.get(username="staff")
    customer = make_customer(by=staff, name="合同列表客户")
    supply = ContractType.objects.get(code="residential_supply")
    for n in range(23):
        contract_services.contract_create(
            by=staff, contract_type=supply, customer=customer, title=f"供气合同{n}"
        )
    from contracts.selectors import contract_list

    mine = contract_list(user=staff).filter(created_by=staff)
    by_number = list(mine.order_by("number", "pk").values_list("number", flat=True))
    drafts = list(
        mine.filter(status="draft").order_by("number", "pk").values_list("number", flat=True)
    )
    assert len(drafts) > 20
    sign_in(browser, live_server, "staff")
    browser.set_window_size(width, height)

    _sort_filter_and_page(
        browser,
        live_server,
        path="/contracts/",
        table="contracts",
        sort="number",
        select="status",
        value="draft",
        expected_sorted=by_number,
        expected_filtered=drafts,
        width=width,
    )
    assert _query(browser)["tab"] == ["mine"]


def test_a_manager_approves_from_a_card_of_the_inbox_on_a_phone(
    live_server, browser, transactional_db
):
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    route({"role": "market_manager"})
    staff = User.objects.get(username="staff")
    request = approval_submit(
        target=ApplicationFactory(title="手机审批申请", amount=8800), by=staff
    )
    step = request.steps.get().pk
    sign_in(browser, live_server, "market_manager")
    browser.set_window_size(390, 844)
    browser.get(live_server.url + "/approvals/")
    _no_sideways_scroll(browser, "inbox 390")

    card = browser.find_element(By.ID, f"step-{step}")
    assert "手机审批申请" in card.text and "8,800" in card.text
    approve = card.find_element(By.CSS_SELECTOR, "button[value=approve]")
    reject = card.find_element(By.CSS_SELECTOR, "button[value=reject]")
    card_width = card.rect["width"]
    assert approve.rect["width"] > 0.8 * card_width and reject.rect["width"] > 0.8 * card_width
    assert card_width <= 390
    screenshot(browser, "inbox-phone.png")
    scroll_into_view(browser, approve)
    approve.click()
    WebDriverWait(browser, 10).until(
        expected_conditions.text_to_be_present_in_element((By.ID, f"step-{step}"), "已同意")
    )
    _no_sideways_scroll(browser, "inbox after the decision")

    request.refresh_from_db()
    assert request.status == "approved"
