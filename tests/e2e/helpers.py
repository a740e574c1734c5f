"""Helpers for the browser journeys."""

import os

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.wait import WebDriverWait

from accounts.management.commands.seed_demo import DEMO_PASSWORD


def click_and_wait(browser, css):
    """Click and wait until the next page has replaced this one and finished loading."""
    browser.execute_script("window.__e2e_old_page = true")
    element = browser.find_element(By.CSS_SELECTOR, css)
    scroll_into_view(browser, element)
    element.click()
    WebDriverWait(browser, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda driver: driver.execute_script(
            "return !window.__e2e_old_page && document.readyState === 'complete'"
        )
    )


def scroll_into_view(browser, element):
    """Bring an element to the middle of the window at once (Bootstrap scrolls smoothly)."""
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)


def submit_login(browser, live_server, username, password):
    """Open the login page, type the credentials and submit; wait for the next page."""
    browser.get(live_server.url + "/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    click_and_wait(browser, "#login-form button[type=submit]")


def sign_in(browser, live_server, username, password=DEMO_PASSWORD):
    """Sign in as `username` (a demo user by default), after ending any earlier session."""
    browser.delete_all_cookies()
    submit_login(browser, live_server, username, password)


def fill(browser, values):
    """Set form fields by name: selects by value, dates by script (typed dates follow the OS
    locale), other inputs by typing after clearing them."""
    for name, value in values.items():
        element = browser.find_element(By.NAME, name)
        if element.tag_name == "select":
            Select(element).select_by_value(str(value))
        elif element.get_attribute("type") == "date":
            browser.execute_script("arguments[0].value = arguments[1]", element, value)
        else:
            element.clear()
            element.send_keys(value)


def screenshot(browser, name):
    """Save a screenshot named `name` when E2E_SCREENSHOTS names a directory."""
    if os.environ.get("E2E_SCREENSHOTS"):
        browser.save_screenshot(os.path.join(os.environ["E2E_SCREENSHOTS"], name))
