"""The printed 顾客满意度调查分析报告: the overall index and every dimension's name in its text,
the charts embedded as SVG (nothing fetched), an approval page naming who approved and when,
and 第 X 页 共 Y 页 at the foot of every page."""

import pytest
from django.utils import timezone

from complaints.surveys.charts import report_charts
from complaints.surveys.pdf import report_pdf, report_print_context
from complaints.surveys.reference import DIMENSIONS
from complaints.surveys.services.report import PDF_KIND
from core.attachments import attachments_for
from core.pdf import StaticFilesURLFetcher
from tests.helpers.pdf import pages_without_whitespace, text_without_whitespace
from tests.surveys.factories_report import approved_report, drafted_report, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return people()


def _frozen_pdf(report) -> bytes:
    attachment = attachments_for(report).get(kind=PDF_KIND)
    with attachment.file.open("rb") as handle:
        return handle.read()


def test_the_frozen_pdf_holds_the_index_and_every_dimension(p, noto_cjk_sc):
    report = approved_report(p)

    text = text_without_whitespace(_frozen_pdf(report))

    assert report.figures["overall"]["index"] == "73.33"
    assert "73.33" in text
    for _code, name, *_rest in DIMENSIONS:
        assert name in text
    assert "总体满意" in text  # the office's conclusions


def test_the_approval_page_names_who_approved_and_when(p, noto_cjk_sc):
    report = approved_report(p)

    pages = pages_without_whitespace(_frozen_pdf(report))

    approval = next(page for page in pages if "审批记录" in page)
    when = timezone.localtime(report.approved_at).strftime("%Y-%m-%d")
    assert str(p["gm"]).replace(" ", "") in approval
    assert "同意发放" in approval  # the general manager's comment
    assert when in approval
    assert "草稿" not in "".join(pages)


def test_every_page_is_numbered_of_the_total(p, noto_cjk_sc):
    report = approved_report(p)

    pages = pages_without_whitespace(_frozen_pdf(report))

    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页共{len(pages)}页" in page


def test_the_charts_are_embedded_and_nothing_is_fetched(p):
    report = drafted_report(p)
    fetcher = StaticFilesURLFetcher()

    pdf = report_pdf(report=report, printed_by=p["office"], url_fetcher=fetcher)

    assert pdf.startswith(b"%PDF-")
    assert fetcher.refused == []


def test_the_print_context_inlines_the_svg_charts(p):
    report = drafted_report(p)

    charts = report_print_context(report=report, printed_by=p["office"])["charts"]

    assert set(charts) == {"index", "comparison", "distribution"}
    for svg in charts.values():
        assert str(svg).startswith("<svg")
        assert "<script" not in str(svg)


def test_a_draft_prints_with_a_watermark_and_no_approval_yet(p, noto_cjk_sc):
    report = drafted_report(p)

    text = text_without_whitespace(report_pdf(report=report, printed_by=p["office"]))

    assert "草稿" in text
    assert "尚未提交审批" in text


def test_a_hostile_dimension_name_is_escaped_in_the_charts():
    figures = {
        "overall": {"index": "50.00"},
        "campaign": {"year": 2031},
        "dimensions": [
            {
                "code": "x",
                "name": "<script>alert(1)</script>",
                "index": "50.00",
                "required": "80.00",
                "distribution": {"1": 1, "2": 0, "3": 1, "4": 0, "5": 0},
            }
        ],
    }

    for svg in report_charts(figures).values():
        assert "<script" not in svg
