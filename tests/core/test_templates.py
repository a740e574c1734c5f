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


def test_choice_labels_are_djangos_and_kept_per_field():
    """get_<field>_display() of the project's models (core.models.choice_label) gives what
    Django's gives, for every choice and an unknown value, in both languages; the field's
    choices are read once, not on every call."""
    from unittest import mock

    from django.apps import apps
    from django.db import models
    from django.utils import translation

    from core.models import _CHOICE_LABELS, choice_label

    checked = 0
    for model in apps.get_models():
        if model._get_FIELD_display is not choice_label:
            continue
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            for value in [*(value for value, _label in field.flatchoices), "no-such-value"]:
                instance = model(**{field.attname: value})
                for language in ("zh-hans", "en"):
                    with translation.override(language):
                        assert getattr(instance, f"get_{field.name}_display")() == (
                            models.Model._get_FIELD_display(instance, field)), (model, field)
                        checked += 1
    assert checked > 100

    from customers.models import Customer

    field = Customer._meta.get_field("status")
    _CHOICE_LABELS.pop(field, None)
    with mock.patch.object(type(field), "flatchoices", new_callable=mock.PropertyMock,
                           return_value=field.flatchoices) as flatchoices:
        labels = {Customer(status=value).get_status_display() for value, _ in field.choices}
    assert flatchoices.call_count == 1 and len(labels) == len(field.choices)
