"""The 顾客满意度调查分析报告 as a PDF (篇二 §6 c; issue 12, part 5), built here and rendered by
core.pdf: title, campaign, sample and response figures, the overall index and each dimension's
figures, the charts as inline SVG, the office's commentary and conclusions, the strata, the
choice questions, the classification of the free text, and the approval page (the decisions
of every round). Pages are numbered 第 X 页 共 Y 页 (static/print/print.css); a report not
approved yet carries a draft watermark.

A Chinese document whatever the language of the user who prints it, timed in Asia/Shanghai.
It prints aggregates only: no answer is tied to a respondent, so a department head the report
was sent to may print it. The layout is static/surveys/print/report.css, applied after the
common print stylesheet (no style element in a template)."""

from zoneinfo import ZoneInfo

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from approvals.selectors import requests_for
from complaints.surveys.analysis import report_figures
from complaints.surveys.charts import inline_svg, report_charts
from complaints.surveys.models import SurveyReport
from complaints.surveys.selectors.report import report_receipts
from contracts.selectors import company_name
from core.pdf import html_to_pdf

TEMPLATE = "surveys/print/report.html"
STYLESHEET = "surveys/print/report.css"
PRINT_LANGUAGE = "zh-hans"
PRINT_TIMEZONE = ZoneInfo("Asia/Shanghai")


def _stylesheet() -> str:
    path = finders.find(STYLESHEET)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def report_print_context(*, report: SurveyReport, printed_by, figures: dict | None = None) -> dict:
    """The printed report's context (call it with the print language active)."""
    figures = figures if figures is not None else report_figures(report)
    charts = report_charts(figures)
    printed_at = timezone.localtime(timezone.now(), PRINT_TIMEZONE)
    return {
        "company_name": company_name(),
        "report": report,
        "campaign": report.campaign,
        "figures": figures,
        "charts": {name: inline_svg(svg) for name, svg in charts.items()},
        "receipts": report_receipts(report),
        "rounds": list(requests_for(report)),
        "is_final": report.is_approved,
        "printed_by": str(printed_by),
        "printed_at_text": printed_at.strftime("%Y-%m-%d %H:%M"),
    }


def report_pdf(*, report: SurveyReport, printed_by, url_fetcher=None) -> bytes:
    """The report as PDF bytes; the caller has shown that `printed_by` sees it
    (complaints.surveys.selectors.report.report_get) or is its approver."""
    with translation.override(PRINT_LANGUAGE), timezone.override(PRINT_TIMEZONE):
        context = report_print_context(report=report, printed_by=printed_by)
        html = render_to_string(TEMPLATE, context)
    return html_to_pdf(html, stylesheets=[_stylesheet()], url_fetcher=url_fetcher)
