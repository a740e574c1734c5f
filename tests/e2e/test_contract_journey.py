import datetime
import io
import os
import urllib.request
from decimal import Decimal

import pytest
from django.core.management import call_command
from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from accounts.models import User
from contracts.models import ContractType, PriceStandard
from customers import services as customer_services
from tests.e2e.helpers import click_and_wait, fill, scroll_into_view, sign_in

pytestmark = pytest.mark.browser


def _approve_in_inbox(browser, live_server, username, title):
    sign_in(browser, live_server, username)
    browser.get(live_server.url + "/approvals/")
    row = next(row for row in browser.find_elements(By.CSS_SELECTOR, "#inbox tbody tr")
               if title in row.text)
    row_id = row.get_attribute("id")
    button = row.find_element(By.CSS_SELECTOR, "button[value=approve]")
    scroll_into_view(browser, button)
    button.click()
    WebDriverWait(browser, 10).until(expected_conditions.text_to_be_present_in_element(
        (By.ID, row_id), "已同意"))


def test_staff_drafts_an_installment_installation_both_managers_approve_and_staff_prints(
        live_server, browser, transactional_db):
    """第四条: a commercial installation in installments goes to the market manager, then the
    vice president; both approve from their inboxes; the drafter prints the contract."""
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    staff = User.objects.get(username="staff")
    customer = customer_services.customer_create(
        by=staff, category="commercial", name="滇味小厨餐饮店", id_type="uscc",
        id_number="91350100M000100Y43",
        contacts=[{"name": "钱经理", "mobile": "13600001111"}])
    standard = PriceStandard.objects.create(
        item="商业燃气管道安装（旅程）", unit="米", unit_price=Decimal("300.00"),
        effective_from=datetime.date(2025, 1, 1), document_number="昆发改价格〔2025〕12号",
        approved_by=User.objects.get(username="finance"))
    type_pk = ContractType.objects.get(code="installation").pk
    number, standard_pk = customer.number, standard.pk

    sign_in(browser, live_server, "staff")
    browser.get(live_server.url + "/contracts/new/")
    fill(browser, {
            "contract_type": type_pk, "customer_number": number, "title": "餐饮店燃气管道安装",
            "contract_date": "2026-11-27", "payment_method": "installments",
            # What the installation's clauses print (issue 13, point 5).
            "project_name": "餐饮店燃气管道安装工程", "project_site": "昆明市五华区翠湖南路 8 号",
            "works_from": "2026-12-01", "works_to": "2027-01-31",
            "lines-0-standard": standard_pk, "lines-0-quantity": "20",
            "installments-0-due_on": "2026-12-15", "installments-0-amount": "3000",
            "installments-0-milestone": "签约后",
            "installments-1-due_on": "2027-02-15", "installments-1-amount": "3000",
            "installments-1-milestone": "通气前",
            "steps-0-description": "管道预埋", "steps-1-description": "燃具安装与验收"})
    WebDriverWait(browser, 10).until(expected_conditions.text_to_be_present_in_element(
        (By.ID, "route-preview"), "经营副总经理"))  # the form previews the route (第四条)
    click_and_wait(browser, "#contract-form button[type=submit]")
    preview = browser.find_element(By.ID, "route-preview").text
    assert preview.index("市场部经理") < preview.index("经营副总经理")
    contract_url = browser.current_url
    click_and_wait(browser, "#submit-contract")
    assert "审批中" in browser.find_element(By.ID, "contract-status").text

    _approve_in_inbox(browser, live_server, "market_manager", "餐饮店燃气管道安装")
    _approve_in_inbox(browser, live_server, "ops_vp", "餐饮店燃气管道安装")

    sign_in(browser, live_server, "staff")
    browser.get(contract_url)
    assert "已批准" in browser.find_element(By.ID, "contract-status").text
    if os.environ.get("E2E_SCREENSHOTS"):
        browser.save_screenshot(os.path.join(os.environ["E2E_SCREENSHOTS"], "contract.png"))
    print_url = browser.find_element(By.ID, "print-contract").get_attribute("href")
    cookie = browser.get_cookie("sessionid")["value"]
    request = urllib.request.Request(print_url, headers={"Cookie": f"sessionid={cookie}"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - live server
        content_type, pdf = response.headers["Content-Type"], response.read()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = text.replace(" ", "").replace("\n", "")

    assert content_type == "application/pdf"
    assert "滇味小厨餐饮店" in text and "陆仟元整" in text
