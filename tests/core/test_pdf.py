"""The PDF renderer (core.pdf): Chinese text, embedded SC fonts, A4 pages, page footers, the
print stylesheet parsed once, and a URL fetcher that serves the project's static files and
refuses everything else."""

import io
import logging
import os
import uuid
from pathlib import Path

import pytest
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import engines
from django.template.loader import render_to_string
from django.test import override_settings
from pypdf import PdfReader
from pypdf.generic import StreamObject

from core import pdf as pdf_module
from core.pdf import (
    BASE_URL,
    StaticFilesURLFetcher,
    font_configuration,
    html_to_pdf,
    render_pdf,
)
from tests.helpers.pdf import noto_families_of_page
from tests.helpers.pdf_fonts import drawn_glyphs, embedded_faces, system_outline

PARAGRAPH = "燃气用户信息表：客户名称 昆明市某某燃气有限公司，金额 壹万贰仟叁佰肆拾伍元陆角整"
PRINT_CSS_URL = BASE_URL + "static/print/print.css"
A4_POINTS = (595.28, 841.89)
# Everything print.css sets in the sans face or that browsers make bold; 骨直写角 have other
# forms in Japanese than in Simplified Chinese.
EMPHASIS = (
    "<h1>燃气用户信息表</h1><h2>合同金额</h2><h3>附件</h3>"
    '<table><tr><th>金额（大写）</th><td><span class="amount-capitals">人民币壹万元整</span>'
    "</td></tr></table><p><strong>【注意】</strong><b>骨直写角</b>骨直写角 0123456789</p>"
)


# --- Helpers ----------------------------------------------------------------------------------


def _print_document(content: str, **context) -> str:
    """HTML of a document extending print/base.html with `content` as its content block."""
    template = engines["django"].from_string(
        '{% extends "print/base.html" %}{% block content %}' + content + "{% endblock content %}"
    )
    return template.render(context)


def _pages_text(pdf: bytes) -> list[str]:
    """Text of each page, whitespace runs collapsed to one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _without_whitespace(text: str) -> str:
    return "".join(text.split())


def _all_pdf_bytes(pdf: bytes) -> bytes:
    """The PDF file plus the decompressed data of every stream object in it."""
    reader = PdfReader(io.BytesIO(pdf))
    chunks = [pdf]
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(number)
        if isinstance(obj, StreamObject):
            chunks.append(obj.get_data())
    return b"".join(chunks)


def _file_url(path: Path) -> str:
    return path.as_uri()


# --- Text, fonts, pages -----------------------------------------------------------------------


def test_chinese_text_survives_the_round_trip_through_the_pdf(noto_cjk_sc):
    """Chinese text survives the round trip through the PDF."""
    html = _print_document(f"<p>{PARAGRAPH}</p>")

    pdf = html_to_pdf(html)

    text = _without_whitespace("".join(_pages_text(pdf)))
    assert _without_whitespace(PARAGRAPH) in text


def test_the_simplified_chinese_noto_font_is_embedded(noto_cjk_sc):
    """Every font of a printed page is an embedded Noto CJK SC face, serif for the body text.

    WeasyPrint names the font after the Pango description ("ABCDEF+Noto-Serif-CJK-SC"), and
    the embedded OpenType program keeps the collection face's name table ("Noto Serif CJK SC";
    the CFF table is shared by the whole collection and is named ...jp whatever the face).
    """
    html = _print_document(f"<p>{PARAGRAPH}</p>")

    pdf = html_to_pdf(html)

    families = noto_families_of_page(PdfReader(io.BytesIO(pdf)).pages[0])
    assert settings.PDF_FONT_FAMILY_SERIF in families


def test_a_printed_document_embeds_one_serif_and_one_sans_face_at_the_regular_weight(noto_cjk_sc):
    """Headings, table headers, strong and b are set in the sans face at the regular weight: a
    bold weight would embed a third and a fourth face (the Noto CJK Bold faces)."""
    html = _print_document(EMPHASIS + f"<p>{PARAGRAPH}</p>", company_name="昆明市燃气有限公司")

    pdf = html_to_pdf(html)

    assert sorted(embedded_faces(pdf).values()) == [
        (settings.PDF_FONT_FAMILY_SANS, "Regular"), (settings.PDF_FONT_FAMILY_SERIF, "Regular")]


def test_han_characters_are_drawn_in_their_simplified_chinese_forms(noto_cjk_sc):
    """Each Han character drawn is the glyph the SC face (not the JP one) gives it."""
    html = _print_document(EMPHASIS + f"<p>{PARAGRAPH}</p>")

    pdf = html_to_pdf(html)

    han = [(family, char, outline) for family, char, outline in drawn_glyphs(pdf)
           if "\u4e00" <= char <= "\u9fff"]
    assert {char for _, char, _ in han} >= set("骨直写角燃气")
    assert {family for family, _, _ in han} == {
        settings.PDF_FONT_FAMILY_SERIF, settings.PDF_FONT_FAMILY_SANS}
    for family, char, outline in han:
        assert outline == system_outline(family, char), (family, char)


def test_the_footer_numbers_each_page_of_the_total(noto_cjk_sc):
    """The footer reads 第 1 页 共 2 页 on the first page and 第 2 页 共 2 页 on the second."""
    html = _print_document('<p>第一页</p><p style="page-break-before: always">第二页</p>')

    pdf = html_to_pdf(html)

    first, second = _pages_text(pdf)
    assert "第 1 页 共 2 页" in first
    assert "第 2 页 共 2 页" in second


def test_printed_pages_are_a4():
    """Every page of a printed document is A4 (595 × 842 points)."""
    html = _print_document("<p>Page</p>")

    pdf = html_to_pdf(html)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width == pytest.approx(A4_POINTS[0], abs=0.5)
        assert height == pytest.approx(A4_POINTS[1], abs=0.5)


def test_the_result_is_a_complete_pdf_document():
    """html_to_pdf returns the bytes of a whole PDF file."""
    pdf = html_to_pdf("<p>x</p>")

    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")


# --- Templates --------------------------------------------------------------------------------


CHILD_TEMPLATE = (
    '{% extends "print/base.html" %}'
    "{% block title %}用户信息表{% endblock title %}"
    '{% block content %}<h1>用户信息表</h1><p class="amount-capitals">{{ amount }}</p>'
    "{% endblock content %}"
)


@pytest.fixture
def child_template():
    """A template named print/test_child.html that extends print/base.html (locmem loader)."""
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [settings.BASE_DIR / "templates"],
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"print/test_child.html": CHILD_TEMPLATE},
                    ),
                    "django.template.loaders.filesystem.Loader",
                ],
            },
        }
    ]
    with override_settings(TEMPLATES=templates):
        yield "print/test_child.html"


def test_a_template_extending_the_print_base_renders_with_the_print_stylesheet(
    noto_cjk_sc, child_template
):
    """render_pdf renders a template extending print/base.html with print.css, which the
    renderer applies itself: nothing is fetched."""
    fetcher = StaticFilesURLFetcher()

    pdf = render_pdf(
        child_template,
        {"company_name": "昆明市某某燃气有限公司", "amount": "壹万贰仟叁佰肆拾伍元陆角整"},
        url_fetcher=fetcher,
    )

    assert fetcher.served == []
    assert fetcher.refused == []
    (text,) = _pages_text(pdf)
    assert "昆明市某某燃气有限公司" in _without_whitespace(text)  # letter-spaced header
    assert "壹万贰仟叁佰肆拾伍元陆角整" in text
    assert "第 1 页 共 1 页" in text  # the footer comes from print.css


def test_the_print_base_is_chinese_and_does_not_link_the_print_stylesheet():
    """print/base.html is zh-CN and heads the page with 燃气公司 by default; it does not link
    print.css, which the renderer applies (a link would fetch and parse it once more)."""
    html = render_to_string("print/base.html", {})

    assert '<html lang="zh-CN">' in html
    assert "print.css" not in html
    assert "燃气公司" in html


@pytest.fixture
def fresh_print_stylesheet(monkeypatch):
    """No print stylesheet parsed yet in this process."""
    monkeypatch.setattr(pdf_module, "_print_css", None)


def test_the_print_stylesheet_is_parsed_once_for_every_document(
    fresh_print_stylesheet, monkeypatch
):
    """print.css is parsed by the first render only; later renders reuse it, fetching nothing."""
    parsed = []

    class RecordingCSS(weasyprint.CSS):
        def __init__(self, *args, **kwargs):
            parsed.append(kwargs.get("base_url"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pdf_module, "CSS", RecordingCSS)
    fetchers = [StaticFilesURLFetcher() for _ in range(3)]

    pdfs = [html_to_pdf(_print_document("<p>一</p>"), url_fetcher=fetcher) for fetcher in fetchers]

    assert parsed == [PRINT_CSS_URL]
    assert all(fetcher.served == [] for fetcher in fetchers)
    for pdf in pdfs:
        assert "第 1 页 共 1 页" in _pages_text(pdf)[0]  # the footer comes from print.css


def test_the_print_stylesheet_is_parsed_again_when_the_file_changes(
    fresh_print_stylesheet, monkeypatch, tmp_path
):
    """A new print.css (another modification time or size) is read by the next render."""
    css = tmp_path / "print.css"
    monkeypatch.setattr(
        StaticFilesURLFetcher, "_find",
        staticmethod(lambda relative_path: css if relative_path == "print/print.css" else None))
    footer = '@page {{ @bottom-center {{ content: "{}"; }} }}'
    css.write_text(footer.format("OLD-FOOTER"), encoding="utf-8")
    first = html_to_pdf("<p>x</p>")

    css.write_text(footer.format("NEW-FOOTER-TEXT"), encoding="utf-8")
    os.utime(css, ns=(css.stat().st_atime_ns, css.stat().st_mtime_ns + 10**9))
    second = html_to_pdf("<p>x</p>")

    assert "OLD-FOOTER" in _pages_text(first)[0]
    assert "NEW-FOOTER-TEXT" in _pages_text(second)[0]


def test_a_missing_print_stylesheet_is_logged_and_the_document_still_rendered(
    fresh_print_stylesheet, monkeypatch, caplog
):
    """Without print.css the document is rendered unstyled and the error is logged."""
    monkeypatch.setattr(StaticFilesURLFetcher, "_find", staticmethod(lambda relative_path: None))

    with caplog.at_level(logging.ERROR, logger="core.pdf"):
        pdf = html_to_pdf("<p>x</p>")

    assert pdf.startswith(b"%PDF-")
    assert "第 1 页" not in _pages_text(pdf)[0]
    assert any("print stylesheet" in record.getMessage() for record in caplog.records)


def test_the_print_stylesheet_names_the_font_families_of_the_settings():
    """print.css asks for the serif and sans families named in settings, serif first."""
    css = Path(finders.find("print/print.css")).read_text(encoding="utf-8")

    expected = (
        f'font-family: "{settings.PDF_FONT_FAMILY_SERIF}", '
        f'"{settings.PDF_FONT_FAMILY_SANS}", serif;'
    )
    assert expected in css


# --- The URL fetcher --------------------------------------------------------------------------


def test_the_fetcher_serves_the_print_stylesheet():
    """The static URL of print.css is served with the file's bytes as text/css."""
    fetcher = StaticFilesURLFetcher()

    response = fetcher.fetch(PRINT_CSS_URL)

    expected = Path(finders.find("print/print.css")).read_bytes()
    assert response.read() == expected
    assert response.content_type == "text/css"
    assert fetcher.served == [PRINT_CSS_URL]
    assert fetcher.refused == []


def test_the_fetcher_serves_a_file_that_is_only_in_static_root(tmp_path):
    """A static file missing from the finders is read from STATIC_ROOT (e.g. hashed names)."""
    (tmp_path / "print").mkdir()
    (tmp_path / "print" / "print.0123abcd.css").write_bytes(b"p { color: black }")
    fetcher = StaticFilesURLFetcher()

    with override_settings(STATIC_ROOT=tmp_path):
        response = fetcher.fetch(BASE_URL + "static/print/print.0123abcd.css")

    assert response.read() == b"p { color: black }"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://archive-mgmt.invalid/static/../../settings.py",
        "http://archive-mgmt.invalid/static/%2e%2e/%2e%2e/archive_mgmt/settings.py",
        "http://archive-mgmt.invalid/static/print/..%2f..%2fmanage.py",
        "http://archive-mgmt.invalid/static/%2fetc/passwd",
        "http://archive-mgmt.invalid/static//etc/passwd",
        "http://archive-mgmt.invalid/static/print\\..\\..\\manage.py",
        "http://archive-mgmt.invalid/static/print/print.css%00.png",
        "http://archive-mgmt.invalid/media/contract.pdf",
        "http://archive-mgmt.invalid/manage.py",
        "https://archive-mgmt.invalid/static/print/print.css",
        "http://archive-mgmt.invalid:8000/static/print/print.css",
        "http://archive-mgmt.invalid@example.com/static/print/print.css",
        "http://example.com/static/print/print.css",
        "data:text/css,body%7Bcolor:red%7D",
    ],
)
def test_the_fetcher_refuses_every_url_but_the_static_files(url, caplog):
    """Other schemes, hosts and paths, and path traversal, raise ValueError and are logged."""
    fetcher = StaticFilesURLFetcher()

    with caplog.at_level(logging.WARNING, logger="core.pdf"), pytest.raises(ValueError):
        fetcher.fetch(url)

    assert fetcher.refused == [url]
    assert fetcher.served == []
    assert any(
        record.name == "core.pdf" and url in record.getMessage() for record in caplog.records
    )


def test_the_fetcher_reports_a_missing_static_file_as_not_found():
    """A static URL naming no file (or a directory) raises FileNotFoundError."""
    fetcher = StaticFilesURLFetcher()

    for url in (BASE_URL + "static/print/no-such-file.css", BASE_URL + "static/print/"):
        with pytest.raises(FileNotFoundError):
            fetcher.fetch(url)

    assert fetcher.served == []


def test_the_fetcher_refuses_even_static_files_once_told_to_refuse_all():
    """After refuse_all (the renderer calls it before writing the PDF) nothing is served."""
    fetcher = StaticFilesURLFetcher()

    fetcher.refuse_all()

    with pytest.raises(ValueError):
        fetcher.fetch(PRINT_CSS_URL)
    assert fetcher.refused == [PRINT_CSS_URL]


@pytest.fixture
def local_files(tmp_path):
    """Files a hostile document could point at, each holding one unique marker."""
    marker = f"SECRET-{uuid.uuid4().hex}"
    files = {}
    for name in ("image.png", "linked.css", "imported.css", "attachment.txt"):
        path = tmp_path / name
        path.write_text(f"{marker} {name}", encoding="utf-8")
        files[name] = path
    return marker, files


def _attachment_html(files: dict[str, Path]) -> str:
    return f'<p><a rel="attachment" href="{_file_url(files["attachment.txt"])}">附件</a></p>'


def test_a_hostile_document_is_rendered_without_fetching_anything(local_files):
    """file: and remote URLs in img, link, @import and attachment links are all refused."""
    marker, files = local_files
    urls = {
        "image": _file_url(files["image.png"]),
        "linked": _file_url(files["linked.css"]),
        "imported": _file_url(files["imported.css"]),
        "remote": "http://example.com/x.png",
        "attachment": _file_url(files["attachment.txt"]),
    }
    html = f"""<!DOCTYPE html><html lang="zh-CN"><head>
        <link rel="stylesheet" href="{urls["linked"]}">
        <style>@import url({urls["imported"]});</style>
        </head><body>
        <img src="{urls["image"]}"><img src="{urls["remote"]}">
        {_attachment_html(files)}
        </body></html>"""
    fetcher = StaticFilesURLFetcher()

    pdf = html_to_pdf(html, url_fetcher=fetcher)

    assert set(fetcher.refused) == set(urls.values())
    assert fetcher.served == []
    assert marker.encode() not in _all_pdf_bytes(pdf)
    assert b"/EmbeddedFile" not in _all_pdf_bytes(pdf)


def test_weasyprints_default_fetcher_would_have_embedded_the_attachment(local_files):
    """Control: without our fetcher, <a rel="attachment"> embeds the local file in the PDF."""
    marker, files = local_files

    pdf = weasyprint.HTML(string=_attachment_html(files), base_url=BASE_URL).write_pdf()

    assert marker.encode() in _all_pdf_bytes(pdf)


def test_an_attachment_link_to_a_static_file_embeds_nothing():
    """Even a static file is not embedded as an attachment, nor linked as <link rel=attachment>."""
    html = (
        f'<html><head><link rel="attachment" href="{PRINT_CSS_URL}"></head>'
        f'<body><a rel="attachment" href="{PRINT_CSS_URL}">附件</a></body></html>'
    )
    fetcher = StaticFilesURLFetcher()

    pdf = html_to_pdf(html, url_fetcher=fetcher)

    assert fetcher.served == []
    assert b"/EmbeddedFile" not in _all_pdf_bytes(pdf)
    assert b"@page" not in _all_pdf_bytes(pdf)


# --- Font configuration -----------------------------------------------------------------------


def test_one_font_configuration_serves_every_render(fresh_print_stylesheet, monkeypatch):
    """One process-wide font configuration is used by every HTML and CSS object of every render
    (two renders, the print stylesheet parsed for the first, one extra stylesheet)."""
    seen = []

    class RecordingHTML(weasyprint.HTML):
        def render(self, font_config=None, *args, **kwargs):
            seen.append(font_config)
            return super().render(font_config, *args, **kwargs)

    class RecordingCSS(weasyprint.CSS):
        def __init__(self, *args, font_config=None, **kwargs):
            seen.append(font_config)
            super().__init__(*args, font_config=font_config, **kwargs)

    monkeypatch.setattr(pdf_module, "HTML", RecordingHTML)
    monkeypatch.setattr(pdf_module, "CSS", RecordingCSS)

    html_to_pdf("<p>一</p>", stylesheets=["p { color: black }"])
    html_to_pdf("<p>二</p>")

    assert font_configuration() is font_configuration()
    assert len(seen) == 4
    assert all(config is font_configuration() for config in seen)
