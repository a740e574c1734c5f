"""Role codes are named through accounts.roles' constants, never spelt as literals in the apps."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "approvals", "archive_mgmt", "contracts", "core", "customers")
ROLE_LITERAL = re.compile(
    r"""(has_role|with_role)\(\s*["']"""  # has_role("gm"), with_role('staff')
    r"""|groups__name(__in)?\s*=\s*[\[({]?\s*["']"""  # filter(groups__name="staff")
    r"""|role_codes\s*&\s*\{\s*["']"""  # role_codes & {"gm", …}
)


def offenders() -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and path != ROOT / "accounts" / "roles.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE_LITERAL.search(line)
    ]


def test_the_pattern_finds_a_literal_role_check():
    """The grep below can fail: it recognises each literal form it forbids."""
    for line in ('user.has_role("gm")', "User.objects.with_role('staff')",
                 'qs.filter(groups__name="staff")', 'user.role_codes & {"budget", GM}'):
        assert ROLE_LITERAL.search(line), line
    assert not ROLE_LITERAL.search("user.has_role(GM) and user.role_codes & {BUDGET}")


def test_no_app_module_checks_a_role_by_a_string_literal():
    """has_role / with_role / groups__name / role_codes use accounts.roles constants."""
    assert offenders() == []
