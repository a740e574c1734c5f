"""Form pieces shared by every app."""

from django import forms
from django.utils.translation import gettext_lazy


class BootstrapFormMixin:
    """Gives each widget Bootstrap's classes, and `is-invalid` to fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            input_type = getattr(widget, "input_type", "")
            if input_type == "checkbox":
                css = "form-check-input"
            elif input_type == "select" or widget.__class__.__name__.endswith("Select"):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


def form_errors(form) -> list[str]:
    """Each error of a bound form as "field label：message" (for a one-line message)."""
    return [
        f"{form.fields[name].label}：{error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]


def form_error_text(form) -> str:
    """All errors of a bound form on one line, each naming its field."""
    return "；".join(form_errors(form))


def validation_error_text(exc) -> str:
    """All messages of a service's ValidationError on one line (field-keyed or not), in order."""
    return "；".join(exc.messages)


def apply_validation_error(form, exc) -> None:
    """Puts a service's ValidationError on `form`: each message on its field when the form has
    that field, otherwise among the form's non-field errors."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ConfirmForm(BootstrapFormMixin, forms.Form):
    """The confirmation step of an action that changes a record's state (issue 13, point 7):
    a required tick, and for an action that ends something a required reason, kept in the
    record's history by the service. Subclasses add the action's own fields, set
    `reason_required`, or drop the reason (`reason_required = None`). The page is
    core/confirm.html (core.confirm.confirm_page); there is no script: the server refuses a
    POST without the tick or the reason with an error naming the field."""

    reason_required: bool | None = False
    reason_label = gettext_lazy("Reason")
    reason_max_length = 80  # the reason goes into the history's change reason with a prefix

    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked the record and confirm this action."),
        required=True,
        error_messages={"required": gettext_lazy("Tick the box to confirm.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.reason_required is not None:
            self.fields["reason"] = forms.CharField(
                label=self.reason_label, required=self.reason_required,
                max_length=self.reason_max_length,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                error_messages={"required": gettext_lazy("Give the reason.")})
        # The tick comes last, after what it confirms.
        self.fields["confirm"] = self.fields.pop("confirm")
