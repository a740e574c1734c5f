"""Pages of the customer import (客户批量导入): upload and check or import, and the template."""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.roles import STAFF
from core.forms import BootstrapFormMixin
from customers.importing import (
    COLUMNS,
    MAX_MEGABYTES,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    customer_import,
    read_table,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The template's examples: a household and a restaurant with its contact (both pass the import).
TEMPLATE_EXAMPLES = (
    {"name": "张三", "category": "居民", "id_type": "居民身份证",
     "id_number": "11010519491231002X", "low_income": "否", "contact_name": "张三",
     "contact_mobile": "13800138000"},
    {"name": "示例餐饮有限公司", "category": "商业", "id_type": "统一社会信用代码",
     "id_number": "91350100M000100Y43", "legal_representative": "李四", "industry": "餐饮",
     "low_income": "否", "invoice_title": "示例餐饮有限公司", "tax_number": "91350100M000100Y43",
     "contact_name": "王五", "contact_position": "店长", "contact_mobile": "13912345678",
     "contact_landline": "0871-65123456", "contact_email": "wangwu@example.com"},
)


def template_workbook() -> bytes:
    """An .xlsx file with the Chinese header row and two example rows, every cell text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "客户"
    sheet.append(list(COLUMNS))
    for example in TEMPLATE_EXAMPLES:
        sheet.append([example.get(key, "") for key in COLUMNS.values()])
    for index, title in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="C00000" if title in REQUIRED_COLUMNS else None)
        column = sheet.column_dimensions[cell.column_letter]
        column.width = 22 if title in ("证件号码", "客户名称", "开票名称", "税号") else 14
        column.number_format = "@"  # text: Excel would turn long ID and phone numbers into floats
        for row in range(2, len(TEMPLATE_EXAMPLES) + 2):
            sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.csv or .xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
    dry_run = forms.BooleanField(label=gettext_lazy("Check only (dry run)"), required=False,
                                 initial=True)


class _StaffOnlyMixin:
    """Only business staff import customers (403 for anyone else who is signed in)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_role(STAFF):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CustomerImportView(LoginRequiredMixin, _StaffOnlyMixin, View):
    template_name = "customers/import.html"

    def get(self, request):
        return self._render(request, ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            rows = read_table(form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
            return self._render(request, form, status=400)
        result = customer_import(rows=rows, by=request.user,
                                 dry_run=form.cleaned_data["dry_run"])
        if result.committed:
            form = ImportForm()  # ticked again: a second click only checks
            messages.success(request, _("%(count)s customers imported; their archives have been "
                                        "sent to the sales director for confirmation.")
                             % {"count": len(result.created)})
        return self._render(request, form, result=result)

    def _render(self, request, form, *, result=None, status=200):
        return render(request, self.template_name, {
            "form": form, "result": result, "required_columns": "、".join(REQUIRED_COLUMNS),
            "max_rows": f"{MAX_ROWS:,}", "max_megabytes": MAX_MEGABYTES,
        }, status=status)


class CustomerImportTemplateView(LoginRequiredMixin, _StaffOnlyMixin, View):
    """The .xlsx template: the Chinese header row and two example rows."""

    def get(self, request):
        response = HttpResponse(template_workbook(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="customer-import-template.xlsx"'
        return response
