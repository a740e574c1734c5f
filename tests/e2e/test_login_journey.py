import os

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By

from accounts.management.commands.seed_demo import DEMO_PASSWORD
from tests.e2e.helpers import click_and_wait, submit_login

pytestmark = pytest.mark.browser


def test_demo_user_signs_in_sees_the_chinese_home_page_and_switches_to_english(
        live_server, browser, transactional_db):
    """A demo user signs in, reads roles and department in Chinese, then switches to English."""
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115

    browser.get(live_server.url + "/")
    assert "/accounts/login/" in browser.current_url
    assert "登录档案信息管理系统" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.NAME, "username").send_keys("staff")
    browser.find_element(By.NAME, "password").send_keys(DEMO_PASSWORD)
    click_and_wait(browser, "#login-form button[type=submit]")
    if os.environ.get("E2E_SCREENSHOTS"):
        browser.save_screenshot(os.path.join(os.environ["E2E_SCREENSHOTS"], "after-login.png"))

    assert browser.find_element(By.TAG_NAME, "h1").text == "欢迎，张伟"
    assert "业务人员" in browser.find_element(By.ID, "home-roles").text
    assert "市场部" in browser.find_element(By.ID, "home-department").text
    assert browser.find_element(By.CSS_SELECTOR, "a.nav-link.active").text == "首页"
    if os.environ.get("E2E_SCREENSHOTS"):
        browser.save_screenshot(os.path.join(os.environ["E2E_SCREENSHOTS"], "home-zh.png"))

    click_and_wait(browser, "#language-switch button[value=en]")

    assert browser.find_element(By.TAG_NAME, "h1").text == "Welcome, 张伟"
    assert "Business staff" in browser.find_element(By.ID, "home-roles").text
    assert "Market Department" in browser.find_element(By.ID, "home-department").text
    assert browser.find_element(By.CSS_SELECTOR, "a.nav-link.active").text == "Home"
    if os.environ.get("E2E_SCREENSHOTS"):
        browser.save_screenshot(os.path.join(os.environ["E2E_SCREENSHOTS"], "home-en.png"))


def test_five_wrong_passwords_show_the_lockout_message(live_server, browser, transactional_db):
    """The sixth attempt after five wrong passwords shows the Chinese lockout page."""
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115

    for _ in range(6):
        submit_login(browser, live_server, "gm", "wrong-password")

    assert "15 分钟" in browser.find_element(By.ID, "lockout-message").text
