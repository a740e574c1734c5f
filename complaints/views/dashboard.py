"""The complaints dashboard (issue 11, point 8) and its printed version: the figures of
complaints.figures for the general manager, the company office and department heads (403 for
anyone else), with server-side SVG charts (complaints.charts) and the numbers behind them."""

import datetime

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views import View

from complaints.charts import dashboard_charts, inline_svg, svg_data_url
from complaints.figures import HANDLING_TIME_DEFINITION, complaint_figures
from core.forms import BootstrapFormMixin
from core.pdf import render_pdf

PRINT_LANGUAGE = "zh-hans"
PRINT_TEMPLATE = "complaints/print/dashboard.html"


# Dates the figures can count with (a year 9999 would overflow the month arithmetic).
_BOUNDS = [MinValueValidator(datetime.date(2000, 1, 1)),
           MaxValueValidator(datetime.date(2099, 12, 31))]


class PeriodForm(BootstrapFormMixin, forms.Form):
    date_from = forms.DateField(label=_("Received from"), required=False, validators=_BOUNDS,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Received until"), required=False, validators=_BOUNDS,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period comes before its start."))
        return cleaned


def _period(request) -> tuple[PeriodForm, dict]:
    """The period form and the period it gives (nothing when it has errors)."""
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, {"date_from": form.cleaned_data["date_from"],
                      "date_to": form.cleaned_data["date_to"]}
    return form, {}


def _context(request) -> dict:
    form, period = _period(request)
    figures = complaint_figures(user=request.user, **period)
    return {"form": form, "figures": figures, "charts": dashboard_charts(figures),
            "definition": HANDLING_TIME_DEFINITION,
            "query": request.GET.urlencode() if period else ""}


class ComplaintDashboardView(LoginRequiredMixin, View):
    """GET: the figures, for the complaints received in the optional period."""

    http_method_names = ["get"]
    template_name = "complaints/dashboard.html"

    def get(self, request):
        context = _context(request)
        context["chart_urls"] = {name: svg_data_url(svg)
                                 for name, svg in context["charts"].items()}
        return render(request, self.template_name, context)


class ComplaintDashboardPdfView(LoginRequiredMixin, View):
    """GET: the same figures and charts as a PDF (inline SVG, laid out by WeasyPrint)."""

    http_method_names = ["get"]

    def get(self, request):
        with translation.override(PRINT_LANGUAGE):
            context = _context(request)
            printed_at = timezone.localtime()
            context["charts"] = {name: inline_svg(svg)
                                 for name, svg in context["charts"].items()}
            context.update(printed_by=str(request.user),
                           printed_at_text=printed_at.strftime("%Y-%m-%d %H:%M"))
            pdf = render_pdf(PRINT_TEMPLATE, context)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"complaints-{printed_at:%Y%m%d}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
