"""Content-Security-Policy and Permissions-Policy on every page (issue 8, point 11), and no
inline script, event handler or style attribute in the screen templates, so the strict policy
does not break them."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from accounts import roles
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

NAV_LINK = re.compile(r'class="nav-link[^"]*" href="(/[^"]*)"')
EXPECTED_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def _directives(response):
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            directives[name] = value.strip()
    return directives


def _assert_protected(response, url):
    directives = _directives(response)
    for name, value in EXPECTED_DIRECTIVES.items():
        assert directives.get(name) == value, (url, name, directives)
    assert "unsafe" not in response.headers["Content-Security-Policy"], url
    permissions = response.headers.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions, (url, permissions)


@pytest.mark.parametrize("role", [code for code in roles.ROLE_CODES if code != roles.SYSADMIN])
def test_every_page_in_the_navigation_carries_the_policies(client, role):
    """Each page a signed-in user reaches from the navigation has a strict CSP (script-src
    'self', no 'unsafe-inline' or 'unsafe-eval') and a Permissions-Policy that turns off camera,
    microphone, geolocation, payment and USB."""
    client.force_login(UserFactory(username=f"{role}_user", roles=[role]))
    home = client.get("/")
    urls = sorted(set(NAV_LINK.findall(home.content.decode())))
    assert urls

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_protected(response, url)


def test_admin_sign_in_page_lockout_page_and_htmx_fragments_carry_the_policies(client):
    """Anonymous pages, the admin and htmx fragments are covered as well."""
    _assert_protected(client.get("/accounts/login/"), "/accounts/login/")
    client.force_login(UserFactory(username="admin_user", roles=[roles.SYSADMIN], is_staff=True))
    _assert_protected(client.get("/admin/"), "/admin/")
    fragment = client.get("/approvals/badge/?id=1", HTTP_HX_REQUEST="true")
    _assert_protected(fragment, "htmx fragment")


# Inline code and styles that a strict CSP blocks. Print templates are rendered by WeasyPrint
# into PDFs, where no CSP applies, so they keep their <style> blocks.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"\bstyle\s*=|<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
HTMX_ON = re.compile(r"\shx-on", re.IGNORECASE)


def _screen_templates():
    apps = ("accounts", "approvals", "contracts", "core", "customers")
    directories = [*settings.TEMPLATES[0]["DIRS"], *(settings.BASE_DIR / app / "templates"
                                                     for app in apps)]
    for directory in directories:
        for path in sorted(Path(directory).rglob("*.html")):
            if "print" not in path.relative_to(directory).parts:
                yield path


def test_screen_templates_have_no_inline_script_handler_or_style():
    """No screen template has an inline <script>, an on*= handler, hx-on, a javascript: URL, a
    style= attribute or a <style> block: all of them live in static files."""
    found = []
    for path in _screen_templates():
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE, JAVASCRIPT_URL, HTMX_ON):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{line}: {match.group(0)}")
    assert not found, "\n".join(found)


def test_a_pdf_shown_in_the_browser_gets_only_the_framing_rule(rf):
    """Chrome's PDF viewer needs an embed and inline styles of its own, so a PDF response
    carries only frame-ancestors 'none'; an HTML response gets the whole policy."""
    from django.http import HttpResponse

    from core.middleware_security import ContentSecurityPolicyMiddleware

    def pdf_view(request):
        return HttpResponse(b"%PDF-1.7", content_type="application/pdf")

    def html_view(request):
        return HttpResponse("<p>ok</p>")

    pdf = ContentSecurityPolicyMiddleware(pdf_view)(rf.get("/contracts/1/pdf/"))
    html = ContentSecurityPolicyMiddleware(html_view)(rf.get("/"))

    assert pdf["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert _directives(html)["object-src"] == "'none'"
