"""The one form-error helper of core/forms.py, used by every view."""

import re
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError

from core.forms import apply_validation_error, form_error_text, validation_error_text

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "approvals", "contracts", "core", "customers")


class _Form(forms.Form):
    name = forms.CharField(label="Name")


def test_validation_error_text_joins_every_message_of_a_plain_or_field_keyed_error():
    """A plain error and a field-keyed one both become one line, messages in order."""
    assert validation_error_text(ValidationError(["a", "b"])) == "a；b"
    assert validation_error_text(ValidationError({"x": ["a"], "y": ["b", "c"]})) == "a；b；c"


def test_apply_validation_error_puts_messages_on_their_fields():
    """A message keyed by a field of the form goes on that field; others are non-field errors."""
    form = _Form(data={"name": "n"})
    assert form.is_valid()
    apply_validation_error(form, ValidationError({"name": "bad name", "other": "bad other"}))
    assert form.errors["name"] == ["bad name"]
    assert form.non_field_errors() == ["bad other"]
    form = _Form(data={"name": "n"})
    form.is_valid()
    apply_validation_error(form, ValidationError("plain"))
    assert form.non_field_errors() == ["plain"]
    assert "Name：" not in form_error_text(form)


def test_no_view_or_service_joins_error_messages_by_hand():
    """Messages of errors are joined only in core/forms.py."""
    pattern = re.compile(r"""["'][；;,] ?["']\.join\(\s*(exc\.messages|f?["']?\{?form\.fields)""")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and path != ROOT / "core" / "forms.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line) or "exc.messages)" in line and ".join(" in line
    ]
    assert offenders == []
