import io
import os
import urllib.request

import pytest
from django.core.management import call_command
from pypdf import PdfReader
from selenium.webdriver.common.by import By

from accounts.models import User
from customers.models import GasUseClass
from tests.customers.factories import make_notice
from tests.e2e.helpers import click_and_wait, fill, screenshot, scroll_into_view, sign_in

pytestmark = pytest.mark.browser


def test_staff_registers_opens_an_account_prints_the_sheet_and_the_director_confirms(
        live_server, browser, transactional_db):
    """The customer journey of 篇一 第七条–第八条 and 篇二: register, open an account with the
    delivery notice, print the user information sheet; the sales director confirms the archive
    from the approval inbox."""
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    notice = make_notice(planner=User.objects.get(username="planning"), community="春苑小区")
    notice_pk, premises_pk = notice.pk, notice.premises_id
    use_class_pk = GasUseClass.objects.get(code="res_cooking").pk

    sign_in(browser, live_server, "staff")
    browser.get(live_server.url + "/customers/new/")
    fill(browser, {"category": "residential", "name": "测试用户赵六",
                    "id_type": "resident_id", "id_number": "110101199003074258",
                    "contact-name": "赵六", "contact-mobile": "13700001111"})
    click_and_wait(browser, "#customer-form button[type=submit]")
    assert "测试用户赵六" in browser.find_element(By.TAG_NAME, "h1").text
    assert "待审批确认" in browser.find_element(By.ID, "archive-state").text
    customer_url = browser.current_url

    click_and_wait(browser, "#open-account")
    fill(browser, {"premises": premises_pk, "notice": notice_pk, "use_class": use_class_pk,
                    "meter-number": "NB88001", "meter-kind": "iot", "meter-spec": "G2.5",
                    "meter-installed_on": "2026-11-20", "appliance-kind": "stove",
                    "appliance-brand": "方太"})
    browser.execute_script(
        "document.querySelector('[name=\"appliance-flame_out_protection\"]').checked = true")
    click_and_wait(browser, "#account-open-form button[type=submit]")
    screenshot(browser, "after-open.png")
    account_number = browser.find_element(By.ID, "account-number").text
    sheet_url = browser.find_element(By.ID, "print-sheet").get_attribute("href")
    screenshot(browser, "account.png")

    cookie = browser.get_cookie("sessionid")["value"]
    request = urllib.request.Request(sheet_url, headers={"Cookie": f"sessionid={cookie}"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - live server
        content_type, pdf = response.headers["Content-Type"], response.read()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)

    assert content_type == "application/pdf"
    assert "测试用户赵六" in text.replace(" ", "") and account_number in text
    assert "NB88001" in text

    sign_in(browser, live_server, "sales_director")
    browser.get(live_server.url + "/approvals/")
    row = next(row for row in browser.find_elements(By.CSS_SELECTOR, "#inbox tbody tr")
               if "测试用户赵六" in row.text)
    button = row.find_element(By.CSS_SELECTOR, "button[value=approve]")
    scroll_into_view(browser, button)
    button.click()
    browser.implicitly_wait(5)
    browser.find_element(By.XPATH, "//*[contains(@class,'badge') and text()='已同意']")
    browser.get(customer_url)
    screenshot(browser, "customer.png")

    assert "已确认" in browser.find_element(By.ID, "archive-state").text
    assert "有效" in browser.find_element(By.ID, "customer-status").text
