"""The home page's to-do tiles in the browser: staff and the general manager see their tiles
with the counts of core.home, at 1440×900 and on a 390×844 phone without sideways scrolling;
the notification bell opens the list."""

import os

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from accounts.models import User
from core.home import tiles_for
from tests.e2e.helpers import click_and_wait, screenshot, sign_in

pytestmark = pytest.mark.browser

SIZES = ((1440, 900), (390, 844))


def _shown_tiles(browser) -> dict[str, str]:
    return {tile.get_attribute("data-tile"): tile.find_element(
        By.CSS_SELECTOR, ".home-tile-count").text
        for tile in browser.find_elements(By.CSS_SELECTOR, "#home-tiles [data-tile]")}


@pytest.mark.parametrize("username", ["staff", "gm"])
def test_the_home_page_shows_the_roles_tiles_with_their_counts(live_server, browser,
                                                               transactional_db, username):
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    user = User.objects.get(username=username)
    expected = {tile.key: str(tile.count) for tile in tiles_for(user)}
    sign_in(browser, live_server, username)

    for width, height in SIZES:
        browser.set_window_size(width, height)
        browser.get(live_server.url + "/")
        screenshot(browser, f"home-{username}-{width}.png")

        assert _shown_tiles(browser) == expected
        scroll, inner = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{width}px: {scroll} > {inner}"

    assert "approvals_waiting" in expected
    if username == "gm":
        assert "access_requests" in expected and "contract_drafts" not in expected
    else:
        assert {"contract_drafts", "customers_incomplete"} <= set(expected)


def test_the_bell_opens_the_notification_list_on_a_phone(live_server, browser,
                                                         transactional_db):
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    sign_in(browser, live_server, "gm")
    browser.set_window_size(390, 844)
    browser.get(live_server.url + "/")

    browser.find_element(By.CSS_SELECTOR, ".navbar-toggler").click()
    # Wait for the menu to finish unfolding: clicked while it slides, the bell has moved away.
    WebDriverWait(browser, 5).until(lambda driver: driver.execute_script(
        "return !document.querySelector('.navbar .collapsing')"
        " && !!document.querySelector('.navbar-collapse.show')"))
    click_and_wait(browser, "#nav-bell")

    assert browser.current_url.endswith("/notifications/")
    scroll, inner = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner
