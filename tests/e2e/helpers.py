"""Helpers for the browser journeys."""

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait


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
