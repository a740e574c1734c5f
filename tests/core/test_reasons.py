"""History reasons and access-log bases are registered codes (core.reasons, issue 13 point 9):
every code the code base writes is registered, an unregistered one is refused in the tests,
and the stored form reads in the reader's language."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from core.reasons import BASES, REASONS, UnknownCode, basis, reason, reason_label
from tests.testapp.factories import MemoFactory

APPS = ("accounts", "approvals", "complaints", "contracts", "core", "customers")
REASON_CALLS = {"save_recorded", "_save"}  # (obj, reason, by): contracts import it as _save
CODE_HELPERS = {"reason": REASONS, "reason_code": REASONS, "basis": BASES, "basis_code": BASES}
BASIS_KEYWORDS = {"grant", "basis"}


def _literals(node) -> list[str]:
    """The plain string constants of an expression (both branches of `a if c else b`), not
    the pieces of an f-string nor the arguments of a call such as _("…")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _name(func) -> str:
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _written_codes() -> list[tuple[str, str, object]]:
    """(where, stored value, registry) of every literal reason and basis in the apps' code."""
    found = []
    for app in APPS:
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
            if "migrations" in path.parts or path.name == "reasons.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            where = str(path.relative_to(settings.BASE_DIR))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    name = _name(node.func)
                    if name in REASON_CALLS and len(node.args) >= 2:
                        found += [(where, text, REASONS) for text in _literals(node.args[1])]
                    if name in CODE_HELPERS and node.args:
                        found += [(where, text, CODE_HELPERS[name])
                                  for text in _literals(node.args[0])]
                    for keyword in node.keywords:
                        if keyword.arg in BASIS_KEYWORDS:
                            found += [(where, text, BASES) for text in _literals(keyword.value)]
                        if keyword.arg == "reason" and name == "contract_on_approval":
                            found += [(where, text, REASONS) for text in _literals(keyword.value)]
                elif isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Attribute) and target.attr == "_change_reason":
                            found += [(where, text, REASONS) for text in _literals(node.value)]
                        if isinstance(target, ast.Name) and target.id == "basis":
                            found += [(where, text, BASES) for text in _literals(node.value)]
    return found


def test_every_reason_and_basis_written_in_the_code_is_registered():
    written = _written_codes()
    assert len(written) > 60  # the scan sees the services' writes

    unregistered = [(where, text) for where, text, registry in written
                    if text and not registry.is_registered(text.partition(": ")[0])]

    assert unregistered == []


@pytest.mark.django_db
def test_an_unregistered_reason_is_refused_in_the_tests():
    memo = MemoFactory()
    memo.title = "改"
    memo._change_reason = "made up on the spot"

    with pytest.raises(UnknownCode):
        memo.save()
    with pytest.raises(UnknownCode):
        reason("no_such_code")
    with pytest.raises(UnknownCode):
        basis("no_such_code", "#1")


def test_the_stored_form_is_the_code_then_the_free_text():
    assert reason("voided", "  重复录入 ") == "voided: 重复录入"
    assert reason("created") == "created"
    assert len(reason("voided", "长" * 300)) == 100  # simple-history's column


def test_a_reason_reads_in_the_readers_language():
    with translation.override("en"):
        english = reason_label("voided: 重复录入")
        label = str(REASONS.labels()["voided"])
    with translation.override("zh-hans"):
        chinese = reason_label("voided: 重复录入")

    assert english.startswith(label) and english.endswith("重复录入")
    assert chinese.endswith("重复录入")


def test_a_code_part_with_codes_in_its_text_reads_them_as_names():
    """A role change's reason keeps the role's code and shows the role's name."""
    with translation.override("zh-hans"):
        assert reason_label("role_given: #12 archivist").endswith("#12 档案管理员")
    with translation.override("en"):
        assert reason_label("role_given: #12 archivist").endswith("#12 Archivist")
        assert BASES.display("contract_roles: finance, gm").endswith("Finance、General manager")
