"""Form pieces shared by every app."""


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
