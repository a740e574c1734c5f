"""Issue 11's browser journey: staff registers a quality complaint on a phone-sized window, 生产处
records its part, the handler submits, the general manager approves from the inbox, the office
records the feedback, the call-back is dissatisfied → reopened → approved again → closed. At
390 px the intake form, the list and the complaint page do not scroll sideways."""

import io
import os
import urllib.request

import pytest
from django.core.management import call_command
from django.utils import translation
from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.wait import WebDriverWait

from complaints.models import Complaint, ComplaintCategory
from complaints.reference import ensure_reference_data
from tests.e2e.helpers import click_and_wait, scroll_into_view, sign_in

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390


def _no_sideways_scroll(browser) -> None:
    width, inner = browser.execute_script(
        "return [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{browser.current_url}: {width} > {inner}"


def _fill(browser, form_id, values) -> None:
    """Set the fields of one form of the page by name: selects by value, others by typing."""
    form = browser.find_element(By.ID, form_id)
    for name, value in values.items():
        element = form.find_element(By.NAME, name)
        scroll_into_view(browser, element)
        if element.tag_name == "select":
            Select(element).select_by_value(str(value))
        else:
            element.clear()
            element.send_keys(value)


def _act(browser, action, values=None) -> None:
    """Fill the action's form on the complaint page and press its button."""
    if values:
        _fill(browser, f"form-{action}", values)
    click_and_wait(browser, f'button[data-action="{action}"]')


def _status(browser) -> str:
    return browser.find_element(By.ID, "complaint-status").text


def _label(status) -> str:
    """The status as the Chinese page shows it."""
    with translation.override("zh-hans"):
        return str(status.label)


def _approve_in_inbox(browser, live_server, number) -> None:
    sign_in(browser, live_server, "gm")
    browser.get(live_server.url + "/approvals/")
    row = next(row for row in browser.find_elements(By.CSS_SELECTOR, "#inbox tbody tr")
               if number in row.text)
    row_id = row.get_attribute("id")
    button = row.find_element(By.CSS_SELECTOR, "button[value=approve]")
    scroll_into_view(browser, button)
    button.click()
    WebDriverWait(browser, 10).until(expected_conditions.text_to_be_present_in_element(
        (By.ID, row_id), "已同意"))


def _round(browser, live_server, url, number, *, callback, comment) -> None:
    """production's part, the handler's submission, the GM's approval, the office's feedback
    and call-back: one handling round."""
    sign_in(browser, live_server, "production")
    browser.get(url)
    _act(browser, "record_co_handling", {"text": "现场检测：调压器故障，已更换"})
    sign_in(browser, live_server, "staff")
    browser.get(url)
    _act(browser, "submit", {"comment": "请审批"})
    assert _status(browser) == _label(Complaint.Status.IN_APPROVAL)
    _approve_in_inbox(browser, live_server, number)
    sign_in(browser, live_server, "office")
    browser.get(url)
    _act(browser, "record_feedback", {"method": "phone", "content": "已更换调压器，压力恢复正常",
                                      "customer_reply": "知道了"})
    _act(browser, "record_callback", {"result": callback, "comment": comment})


def test_a_quality_complaint_from_intake_through_a_reopening_to_closing(
        live_server, browser, transactional_db):
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    ensure_reference_data()  # the categories and the GM's route, after an earlier test's flush
    pressure = ComplaintCategory.objects.get(code="pressure").pk
    browser.set_window_size(PHONE_WIDTH, 844)

    sign_in(browser, live_server, "staff")
    browser.get(live_server.url + "/complaints/new/")
    _no_sideways_scroll(browser)
    assert not browser.find_element(By.ID, "hotline-fields").is_displayed()
    _fill(browser, "complaint-form", {
        "channel": "counter", "caller_name": "赵女士", "caller_phone": "13700001234",
        "category": pressure, "complaint_class": "quality",
        "text": "灶具火力小，<b>多次</b>报修未解决"})
    click_and_wait(browser, "#save-complaint")
    url = browser.current_url
    number = browser.find_element(By.ID, "complaint-number").text
    assert number.startswith("TS-")
    assert "<b>多次</b>" in browser.find_element(By.ID, "complaint-text").text  # escaped
    _no_sideways_scroll(browser)
    browser.get(live_server.url + "/complaints/")
    assert number in browser.find_element(By.ID, "complaints").text
    _no_sideways_scroll(browser)
    browser.set_window_size(1280, 900)

    browser.get(url)
    staff_id = browser.execute_script(
        "return [...document.querySelectorAll('#form-assign select[name=handler] option')]"
        ".find(o => o.text.includes('张')).value")
    production_id = browser.execute_script(
        "return [...document.querySelectorAll('#form-assign select[name=co_handler] option')]"
        ".find(o => o.text.includes('徐')).value")
    _act(browser, "assign", {"handler": staff_id, "co_handler": production_id})
    _act(browser, "record_result", {"cause": "调压器老化", "measures": "更换调压器",
                                    "result": "压力恢复正常"})

    _round(browser, live_server, url, number, callback="dissatisfied",
           comment="火力仍然偏小")
    assert "火力仍然偏小" in browser.find_element(By.ID, "timeline").text
    complaint = Complaint.objects.get(number=number)
    assert (complaint.status, complaint.reopen_count) == (Complaint.Status.HANDLING, 1)

    _round(browser, live_server, url, number, callback="satisfied", comment="满意")
    _act(browser, "close", {"close-note": ""})
    browser.set_window_size(PHONE_WIDTH, 844)
    _no_sideways_scroll(browser)

    assert _status(browser) == _label(Complaint.Status.CLOSED)
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.CLOSED
    assert complaint.feedbacks.count() == complaint.callbacks.count() == 2
    assert complaint.co_handlings.count() == 2

    # The handling sheet, fetched in the signed-in browser's session, holds the number.
    cookie = browser.get_cookie("sessionid")
    request = urllib.request.Request(
        f"{live_server.url}/complaints/{complaint.pk}/pdf/",
        headers={"Cookie": f"sessionid={cookie['value']}"})
    with urllib.request.urlopen(request) as response:  # noqa: S310 (the test server)
        pdf = PdfReader(io.BytesIO(response.read()))
    assert number in "".join(page.extract_text() for page in pdf.pages)
