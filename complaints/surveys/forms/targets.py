"""The required levels' form: one index (0–100) per dimension and the overall index."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin


def field_name(code: str) -> str:
    return f"level_{code or 'overall'}"


class TargetsForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            target = row["target"]
            self.fields[field_name(row["code"])] = forms.DecimalField(
                label=row["name"] if row["code"] else _("Overall satisfaction"),
                required=target is not None,
                min_value=Decimal("0"),
                max_value=Decimal("100"),
                max_digits=5,
                decimal_places=2,
                initial=target.required_index if target is not None else None,
            )

    def levels(self) -> dict[str, Decimal | None]:
        return {row["code"]: self.cleaned_data.get(field_name(row["code"])) for row in self.rows}

    def field_for(self, code: str):
        return self[field_name(code)]
