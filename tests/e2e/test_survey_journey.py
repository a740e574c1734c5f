"""Issue 12's browser journey: the office plans next year's satisfaction survey, draws the
sample and starts the collection; enters two paper questionnaires found by their respondent
code; invites a third respondent, whose web link is answered without login on a phone-sized
window (a second submission of the same link is refused); drafts the report from the
campaign, writes the conclusions, chooses the market and production departments and submits
it; the general manager approves it in the inbox; the market department's head confirms
receipt; staff attitude, rated 2 by everyone, falls below its level, so its corrective action
appears in the office's list; the frozen PDF holds the report's number."""

import io
import os
import re
import urllib.request

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.wait import WebDriverWait

from accounts.models import Department
from complaints.surveys.models import (
    Campaign,
    CorrectiveAction,
    Question,
    Questionnaire,
    Respondent,
    Response,
    SurveyReport,
)
from complaints.surveys.reference import QUESTIONNAIRE_CODE
from tests.e2e.helpers import click_and_wait, scroll_into_view, sign_in

pytestmark = pytest.mark.browser

PHONE_WIDTH = 390
WEAK = "attitude"  # the dimension everybody rates 2: its index 25 is below its level 80
REPORT_TITLE = "E2E 顾客满意度调查分析报告"


def _no_sideways_scroll(browser) -> None:
    width, inner = browser.execute_script(
        "return [document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    assert width <= inner, f"{browser.current_url}: {width} > {inner}"


def _wait(browser, css, timeout=10):
    return WebDriverWait(browser, timeout).until(
        lambda driver: driver.find_elements(By.CSS_SELECTOR, css)
    )[0]


def _fill(browser, form_id, values) -> None:
    form = browser.find_element(By.ID, form_id)
    for name, value in values.items():
        element = form.find_element(By.NAME, name)
        scroll_into_view(browser, element)
        if element.tag_name == "select":
            Select(element).select_by_value(str(value))
        else:
            element.clear()
            element.send_keys(value)


def _rate(browser, form_id, ratings) -> None:
    """Tick the rating of every rating question ({field name: 1–5}) in the form."""
    for name, value in ratings.items():
        radio = browser.find_element(
            By.CSS_SELECTOR, f'#{form_id} input[type=radio][name="{name}"][value="{value}"]'
        )
        scroll_into_view(browser, radio)
        radio.click()
        assert radio.is_selected()


def _status(browser, css) -> str:
    return browser.find_element(By.CSS_SELECTOR, css).get_attribute("data-status")


def _pdf_text(browser, url) -> str:
    cookie = browser.get_cookie("sessionid")
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie['value']}"})
    with urllib.request.urlopen(request) as response:  # noqa: S310 (the test server)
        assert response.headers["Content-Type"] == "application/pdf"
        pdf = PdfReader(io.BytesIO(response.read()))
    return "".join(page.extract_text() for page in pdf.pages)


def _plan_and_start(browser, live_server, questionnaire_pk, year) -> int:
    """The office plans the campaign, draws its sample and starts the collection."""
    sign_in(browser, live_server, "office")
    browser.get(live_server.url + "/surveys/campaigns/")
    _fill(
        browser,
        "campaign-form",
        {
            "title": f"{year}年度顾客满意度调查（E2E）",
            "year": str(year),
            "questionnaire": questionnaire_pk,
        },
    )
    click_and_wait(browser, "#campaign-form button[type=submit]")
    match = re.search(r"/surveys/campaigns/(\d+)/$", browser.current_url)
    assert match, browser.current_url
    assert _status(browser, "#campaign-status") == Campaign.Status.PLANNED
    click_and_wait(browser, 'button[data-action="draw_sample"]')
    _wait(browser, "#sample-facts")
    click_and_wait(browser, 'button[data-action="start_collection"]')
    assert _status(browser, "#campaign-status") == Campaign.Status.COLLECTING
    return int(match.group(1))


def _enter_paper(browser, live_server, code, ratings) -> None:
    """The office finds a returned paper questionnaire by its code and types it in."""
    browser.get(live_server.url + "/surveys/entry/")
    _fill(browser, "entry-code-form", {"code": code.lower()})  # typed in lower case
    click_and_wait(browser, "#entry-code-form button")
    assert re.search(r"/surveys/respondents/\d+/enter/$", browser.current_url)
    assert browser.find_element(By.ID, "channel-paper").is_selected()
    _rate(browser, "entry-form", ratings)
    click_and_wait(browser, "#entry-form button[type=submit]")
    assert browser.current_url.endswith("/surveys/entry/"), browser.current_url


def _answer_on_the_web(browser, link, ratings) -> None:
    """Without login, on a phone: the link opened twice, answered in the first tab, then sent
    again from the second, which is refused."""
    browser.delete_all_cookies()
    browser.set_window_size(PHONE_WIDTH, 844)
    first = browser.current_window_handle
    browser.get(link)
    _wait(browser, "#survey-answer-form")
    _no_sideways_scroll(browser)
    _rate(browser, "survey-answer-form", ratings)
    browser.switch_to.new_window("tab")
    second = browser.current_window_handle
    browser.get(link)
    _rate(browser, "survey-answer-form", ratings)

    browser.switch_to.window(first)
    click_and_wait(browser, "#survey-answer-form button[type=submit]")
    _wait(browser, "#survey-thanks")
    _no_sideways_scroll(browser)

    browser.switch_to.window(second)
    click_and_wait(browser, "#survey-answer-form button[type=submit]")
    refused = _wait(browser, "#survey-refused")
    assert refused.get_attribute("data-reason") == "answered"
    _no_sideways_scroll(browser)
    browser.close()
    browser.switch_to.window(first)
    browser.get(link)  # opening it again: refused as well
    assert _wait(browser, "#survey-refused").get_attribute("data-reason") == "answered"
    browser.set_window_size(1280, 900)


def _draft_and_submit(browser, live_server, campaign_pk, departments) -> int:
    sign_in(browser, live_server, "office")
    browser.get(f"{live_server.url}/surveys/campaigns/{campaign_pk}/")
    click_and_wait(browser, 'button[data-action="create_report"]')
    match = re.search(r"/surveys/reports/(\d+)/edit/$", browser.current_url)
    assert match, browser.current_url
    _fill(
        browser,
        "report-form",
        {
            "title": REPORT_TITLE,
            "commentary": "按客户类别分层抽样。",
            "conclusions": "员工服务态度低于公司要求，需采取纠正措施。",
        },
    )
    for pk in departments:
        box = browser.find_element(
            By.CSS_SELECTOR, f'#report-form input[name="departments"][value="{pk}"]'
        )
        scroll_into_view(browser, box)
        box.click()
    click_and_wait(browser, '#report-form button[data-action="edit"]')
    assert browser.current_url.endswith(f"/surveys/reports/{match.group(1)}/")
    assert _status(browser, "#report-status") == SurveyReport.Status.DRAFT
    _fill(browser, "form-submit", {"comment": "请审批"})
    click_and_wait(browser, 'button[data-action="submit"]')
    assert _status(browser, "#report-status") == SurveyReport.Status.IN_APPROVAL
    # Back on the campaign, the button has become the link to the report.
    browser.get(f"{live_server.url}/surveys/campaigns/{campaign_pk}/")
    assert browser.find_element(By.ID, "campaign-report").get_attribute(
        "data-report"
    ) == match.group(1)
    return int(match.group(1))


def _approve_in_inbox(browser, live_server, report_pk) -> None:
    sign_in(browser, live_server, "gm")
    browser.get(live_server.url + "/approvals/")
    row = browser.find_element(
        By.XPATH, f"//table[@id='inbox']//tr[.//a[@href='/surveys/reports/{report_pk}/']]"
    )
    row_id = row.get_attribute("id")
    button = row.find_element(By.CSS_SELECTOR, 'button[data-action="approve"]')
    scroll_into_view(browser, button)
    button.click()
    _wait(browser, f'#{row_id}[data-decision="approve"]')


def test_a_survey_from_the_plan_to_the_corrective_action(live_server, browser, transactional_db):
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    year = timezone.localdate().year + 1
    questionnaire = (
        Questionnaire.objects.filter(code=QUESTIONNAIRE_CODE).order_by("-version").first()
    )
    ratings = {
        f"q{pk}": 2 if code == WEAK else 5
        for pk, code in Question.objects.filter(
            section__questionnaire=questionnaire,
            kind=Question.Kind.RATING,
        ).values_list("pk", "dimension__code")
    }
    market, production = (Department.objects.get(code=code).pk for code in ("market", "production"))

    campaign_pk = _plan_and_start(browser, live_server, questionnaire.pk, year)
    codes = [
        row.get_attribute("data-code")
        for row in browser.find_elements(By.CSS_SELECTOR, "#respondents tbody tr[data-code]")
    ][:3]
    assert len(codes) == 3
    _no_sideways_scroll(browser)

    for code in codes[:2]:
        _enter_paper(browser, live_server, code, ratings)
    browser.get(f"{live_server.url}/surveys/campaigns/{campaign_pk}/?q={codes[2]}")
    click_and_wait(browser, f'tr[data-code="{codes[2]}"] button[data-action="invite"]')
    link = browser.find_element(By.ID, "web-link").get_attribute("value")
    assert link.startswith(live_server.url + "/surveys/answer/")
    _answer_on_the_web(browser, link, ratings)

    respondents = Respondent.objects.filter(campaign_id=campaign_pk, code__in=codes)
    assert {r.code: r.status for r in respondents} == dict.fromkeys(
        codes, Respondent.Status.ANSWERED
    )
    assert sorted(
        Response.objects.filter(campaign_id=campaign_pk).values_list("channel", flat=True)
    ) == ["paper", "paper", "web"]

    report_pk = _draft_and_submit(browser, live_server, campaign_pk, [market, production])
    _approve_in_inbox(browser, live_server, report_pk)

    sign_in(browser, live_server, "market_manager")
    browser.get(f"{live_server.url}/surveys/reports/{report_pk}/")
    assert _status(browser, "#report-status") == SurveyReport.Status.APPROVED
    click_and_wait(browser, 'button[data-action="confirm"]')
    receipts = {
        row.get_attribute("data-receipt"): row.get_attribute("data-confirmed")
        for row in browser.find_elements(By.CSS_SELECTOR, "#receipts tr[data-receipt]")
    }
    assert receipts == {str(market): "yes", str(production): "no"}
    assert not browser.find_elements(By.CSS_SELECTOR, 'button[data-action="confirm"]')

    sign_in(browser, live_server, "office")
    browser.get(f"{live_server.url}/surveys/reports/{report_pk}/")
    assert (
        browser.find_element(
            By.CSS_SELECTOR, f'#receipts tr[data-receipt="{market}"]'
        ).get_attribute("data-confirmed")
        == "yes"
    )
    report = SurveyReport.objects.get(pk=report_pk)
    assert report.status == SurveyReport.Status.APPROVED
    assert report.campaign.status == Campaign.Status.COMPLETED

    browser.get(live_server.url + "/surveys/actions/")
    listed = {
        row.get_attribute("data-dimension")
        for row in browser.find_elements(By.CSS_SELECTOR, f'#actions tr[data-report="{report_pk}"]')
    }
    assert listed == {WEAK}
    action = CorrectiveAction.objects.get(report_id=report_pk)
    assert (action.dimension_code, action.status) == (WEAK, CorrectiveAction.Status.DRAFTED)

    assert report.number in _pdf_text(
        browser, f"{live_server.url}/surveys/reports/{report_pk}/pdf/"
    )
