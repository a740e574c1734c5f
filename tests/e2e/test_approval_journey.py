import os

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from accounts.models import User
from approvals.services import approval_submit
from tests.approvals.factories import ApplicationFactory, route
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.browser


def test_a_manager_approves_from_the_inbox_row_without_leaving_the_page(
        live_server, browser, transactional_db):
    """The market manager sees the count in the navigation, approves in the row (htmx), and
    the row says the decision is recorded; a second request is rejected with a reason."""
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    route({"role": "market_manager"})
    staff = User.objects.get(username="staff")
    first = approval_submit(target=ApplicationFactory(title="安装申请甲"), by=staff)
    second = approval_submit(target=ApplicationFactory(title="安装申请乙"), by=staff)

    # Read what the test needs now: the in-memory SQLite test database locks whole tables
    # while the live server writes, so the test does not query during the journey.
    first_step, second_step = first.steps.get().pk, second.steps.get().pk
    from approvals.selectors import steps_awaiting

    waiting = steps_awaiting(User.objects.get(username="market_manager")).count()
    sign_in(browser, live_server, "market_manager")
    browser.find_element(By.PARTIAL_LINK_TEXT, "审批待办").click()
    assert browser.find_element(By.CSS_SELECTOR, ".navbar .badge").text == str(waiting)
    first_row = browser.find_element(By.ID, f"step-{first_step}")
    first_row.find_element(By.CSS_SELECTOR, "button[value=approve]").click()
    WebDriverWait(browser, 10).until(expected_conditions.text_to_be_present_in_element(
        (By.ID, f"step-{first_step}"), "已同意"))

    second_row = browser.find_element(By.ID, f"step-{second_step}")
    second_row.find_element(By.CSS_SELECTOR, "button[value=reject]").click()
    WebDriverWait(browser, 10).until(expected_conditions.text_to_be_present_in_element(
        (By.ID, f"step-{second_step}"), "请填写驳回理由"))
    row = browser.find_element(By.ID, f"step-{second_step}")
    row.find_element(By.NAME, "comment").send_keys("图纸不全")
    row.find_element(By.CSS_SELECTOR, "button[value=reject]").click()
    WebDriverWait(browser, 10).until(expected_conditions.text_to_be_present_in_element(
        (By.ID, f"step-{second_step}"), "已驳回"))
    expected = str(waiting - 2) if waiting > 2 else ""
    WebDriverWait(browser, 10).until(
        lambda driver: driver.find_element(By.ID, "nav-badge-2").text == expected)
    if os.environ.get("E2E_SCREENSHOTS"):
        browser.save_screenshot(os.path.join(os.environ["E2E_SCREENSHOTS"], "inbox.png"))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "rejected")
    assert second.steps.get().decisions.get().comment == "图纸不全"
