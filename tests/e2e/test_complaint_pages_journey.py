"""The public complaint form on a phone-sized window, and the dashboard's SVG charts under the
strict Content-Security-Policy (the browser fixture fails on any violation)."""

import os

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By

from complaints.models import Complaint
from tests.e2e.helpers import click_and_wait, fill, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_a_caller_submits_the_web_form_on_a_phone_and_the_gm_reads_the_dashboard(
        live_server, browser, transactional_db):
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    browser.set_window_size(390, 844)

    browser.get(live_server.url + "/accounts/login/")
    click_and_wait(browser, "#public-complaint-link")
    fill(browser, {"caller_name": "赵女士", "caller_phone": "13900002222",
                   "text": "<b>燃气费</b>账单有误"})
    form = browser.find_element(By.ID, "public-complaint-form")
    assert form.size["width"] <= 390
    assert not browser.find_element(By.NAME, "extra_reference").is_displayed()
    screenshot(browser, "complaint-public-form.png")
    click_and_wait(browser, "#public-complaint-form button[type=submit]")

    number = browser.find_element(By.ID, "complaint-number").text
    assert Complaint.objects.get(number=number).text == "<b>燃气费</b>账单有误"
    assert browser.execute_script(
        "return document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    screenshot(browser, "complaint-public-thanks.png")

    browser.set_window_size(1280, 900)
    sign_in(browser, live_server, "gm")
    browser.get(live_server.url + "/complaints/dashboard/")
    charts = browser.find_elements(By.CSS_SELECTOR, "#charts img")
    assert len(charts) == 4
    assert all(browser.execute_script("return arguments[0].complete && "
                                      "arguments[0].naturalWidth > 0", chart)
               for chart in charts)
    assert int(browser.find_element(By.ID, "figure-total").text) >= 16
    screenshot(browser, "complaint-dashboard.png")
