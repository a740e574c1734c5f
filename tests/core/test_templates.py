"""Template hygiene: the print layout lives in static/print/print.css, lines stay readable."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
MAX_LINE = 160


def test_no_template_has_an_inline_style_block():
    """Styles come from static files (print.css for PDFs): no <style> element in a template."""
    offenders = [str(path.relative_to(ROOT)) for path in TEMPLATES
                 if "<style" in path.read_text(encoding="utf-8").lower()]
    assert offenders == []


def test_printed_documents_extend_the_print_base_and_name_their_layout():
    """Each printed document extends print/base.html and sets the body class its rules in
    print.css are scoped by. print.css is applied by the renderer (core.pdf), parsed once per
    process: the base links no stylesheet."""
    base = (ROOT / "templates/print/base.html").read_text(encoding="utf-8")
    css = (ROOT / "static/print/print.css").read_text(encoding="utf-8")
    assert "<link" not in base
    for template, body_class in (("customers/print/user_sheet.html", "doc-user-sheet"),
                                 ("contracts/print/contract.html", "doc-contract")):
        text = (ROOT / "templates" / template).read_text(encoding="utf-8")
        assert text.startswith('{% extends "print/base.html" %}')
        assert f"{{% block body_class %}}{body_class}{{% endblock body_class %}}" in text
        assert f".{body_class} " in css


def test_no_template_line_is_over_160_characters():
    """Templates stay readable in review: every line of templates/ fits in 160 characters."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number} ({len(line)})"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > MAX_LINE
    ]
    assert offenders == []


def test_no_template_compares_a_status_literal():
    """Lifecycles are declared on the models: templates read predicates or filters, never a
    status string (the acceptance grep of issue 9)."""
    import re

    pattern = re.compile(r"'(signed|performing|draft|approved|rejected|pending)'")
    offenders = [f"{path.relative_to(ROOT)}:{number}"
                 for path in TEMPLATES
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offenders == []
