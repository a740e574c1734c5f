"""Issue 13, point 5, in the browser: the drafting form's customer search as you type, "add
row" and the running total, all from the static script (no CSP violation)."""

import datetime
import os
from decimal import Decimal

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.wait import WebDriverWait

from accounts.models import User
from contracts.models import PriceStandard
from customers import services as customer_services
from tests.e2e.helpers import scroll_into_view, sign_in

pytestmark = pytest.mark.browser


def test_the_drafter_finds_the_customer_as_she_types_adds_rows_and_sees_the_total(
    live_server, browser, transactional_db
):
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    staff = User.objects.get(username="staff")
    customer = customer_services.customer_create(
        by=staff,
        category="commercial",
        name="滇池旅程测试商户",
        id_type="uscc",
        id_number="91350100M000100Y43",
        contacts=[{"name": "钱经理", "mobile": "13600001111"}],
    )
    standard = PriceStandard.objects.create(
        item="商业燃气管道安装（旅程）",
        unit="米",
        unit_price=Decimal("300.00"),
        effective_from=datetime.date(2025, 1, 1),
        document_number="昆发改价格〔2025〕12号",
        approved_by=User.objects.get(username="finance"),
    )
    wait = WebDriverWait(browser, 10)

    sign_in(browser, live_server, "staff")
    browser.get(live_server.url + "/contracts/new/")
    browser.find_element(By.ID, "customer-find-input").send_keys("滇池旅程")
    choice = wait.until(
        expected_conditions.element_to_be_clickable(
            (By.CSS_SELECTOR, f'#customer-found button[data-customer-choice="{customer.number}"]')
        )
    )
    scroll_into_view(browser, choice)
    choice.click()
    steps_total = browser.find_element(By.NAME, "steps-TOTAL_FORMS")
    before = int(steps_total.get_attribute("value"))
    add = browser.find_element(By.CSS_SELECTOR, '[data-formset="steps"] [data-formset-add]')
    scroll_into_view(browser, add)
    add.click()
    Select(browser.find_element(By.NAME, "lines-0-standard")).select_by_value(str(standard.pk))
    quantity = browser.find_element(By.NAME, "lines-0-quantity")
    quantity.send_keys("2")

    assert (
        browser.find_element(By.NAME, "customer_number").get_attribute("value") == customer.number
    )
    assert int(steps_total.get_attribute("value")) == before + 1
    assert browser.find_elements(By.NAME, f"steps-{before}-description")
    wait.until(
        expected_conditions.text_to_be_present_in_element(
            (By.CSS_SELECTOR, '#running-total [data-total="lines"]'), "600.00"
        )
    )
