"""Headless Debian Chromium driven by Selenium. Without Chromium the browser tests are skipped
with a reason in the summary, except when REQUIRE_BROWSER_TESTS is set (CI), where they fail.
Every journey also fails if the browser's console reports a Content-Security-Policy violation
or a Permissions-Policy error (the strict policy of issue 8, point 11, must not break a page)."""

import os
import shutil
import tempfile

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture
def browser():
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        message = ("Debian's chromium and chromium-driver are not installed "
                   "(apt-get install chromium chromium-driver; `make test` does it as root)")
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                 "--lang=zh-CN", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    violations = policy_violations(driver)
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
    if violations:
        pytest.fail("The browser reported policy violations:\n" + "\n".join(violations))


def policy_violations(driver):
    """The console messages since the last call that report a CSP or Permissions-Policy problem."""
    return [entry["message"] for entry in driver.get_log("browser")
            if "Content Security Policy" in entry["message"]
            or "Permissions-Policy" in entry["message"]]
