"""Compact font subsets (core.pdf_fonts): the glyphs drawn are WeasyPrint's own, from fonts
renumbered so that CID == glyph id; WeasyPrint outside the renderer is left alone."""

import io

import pydyf
import pytest
import weasyprint
from django.template import engines
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from weasyprint.pdf.stream import Stream as ContentStream

from core import pdf_fonts
from core.pdf import BASE_URL, font_configuration, html_to_pdf, print_stylesheet
from tests.helpers.pdf import embedded_font_program, fonts_of_page, text_without_whitespace
from tests.helpers.pdf_fonts import drawn_glyphs

TEXT = (
    "<h1>燃气用户信息表</h1><table><tr><th>用气地址</th><td>五华区华山街道翠湖小区3栋2单元"
    "5层502室</td></tr><tr><th>金额</th><td>¥6,000.00 — 0.125 m³ × 2</td></tr></table>"
    "<p>骨直写角，燃气表具 BH-2026-0001；（未录入）</p>"
)


def _document() -> str:
    return engines["django"].from_string(
        '{% extends "print/base.html" %}{% block content %}' + TEXT + "{% endblock content %}"
    ).render({})


def _weasyprint_own(html: str) -> bytes:
    """The same document written by WeasyPrint with its own subsets (outside compact_fonts)."""
    document = weasyprint.HTML(string=html, base_url=BASE_URL).render(
        font_config=font_configuration(), stylesheets=[print_stylesheet()])
    return document.write_pdf()


def _glyph_counts(pdf: bytes) -> list[int]:
    return [len(TTFont(io.BytesIO(embedded_font_program(descriptor))).getGlyphOrder())
            for page in PdfReader(io.BytesIO(pdf)).pages
            for _, descriptor in fonts_of_page(page)]


def test_every_glyph_drawn_is_the_one_weasyprints_own_subset_draws(noto_cjk_sc):
    """Same characters, same faces, same outlines, in the same order, as with WeasyPrint's
    subsets; the text extracts the same; the file is far smaller."""
    html = _document()

    compact, own = html_to_pdf(html), _weasyprint_own(html)

    assert drawn_glyphs(compact) == drawn_glyphs(own)
    assert text_without_whitespace(compact) == text_without_whitespace(own)
    assert len(compact) * 3 < len(own)


def test_the_embedded_fonts_hold_only_the_glyphs_drawn(noto_cjk_sc):
    """A compact face holds the glyphs drawn (and the few variants HarfBuzz keeps with them),
    not an entry for each of the face's 65,000 glyphs."""
    html = _document()

    pdf = html_to_pdf(html)

    drawn = len({(family, char) for family, char, _ in drawn_glyphs(pdf)})
    assert sum(_glyph_counts(pdf)) < drawn + 20


def test_outside_the_renderer_weasyprint_keeps_its_own_subsets(noto_cjk_sc):
    """WeasyPrint used directly still embeds its subsets with the original glyph ids."""
    pdf = _weasyprint_own(_document())

    assert min(_glyph_counts(pdf)) > 10_000


# --- Refusing to write wrong glyphs ---------------------------------------------------------


class _Font:
    hash = "ABCDEF"
    compact_cids = {0: 0, 900: 1}


class _Document:
    fonts = {1: _Font()}


def _pdf_with_content(*operators: bytes) -> tuple[pydyf.PDF, ContentStream]:
    """A PDF whose only object is a content stream of `operators`."""
    pdf, stream = pydyf.PDF(), ContentStream(*[None] * 7)
    stream.stream = list(operators)
    pdf.add_object(stream)
    return pdf, stream


def test_text_shown_before_any_font_is_refused():
    """A TJ with no Tf in force cannot be renumbered: the PDF is not written."""
    pdf, _ = _pdf_with_content(b"BT", b"[<0384>] TJ", b"ET")

    with pytest.raises(RuntimeError, match="before any font"):
        pdf_fonts.renumber_glyphs(_Document(), pdf)


def test_a_compacted_font_without_a_dictionary_is_refused():
    """Glyphs renumbered in a font the PDF has no dictionary for: the PDF is not written."""
    pdf, stream = _pdf_with_content(b"BT", b"/ABCDEF 9 Tf", b"[<0384>] TJ", b"ET")

    with pytest.raises(RuntimeError, match="without a font dictionary"):
        pdf_fonts.renumber_glyphs(_Document(), pdf)

    assert stream.stream[2] == b"[<0001>] TJ"


def test_only_text_in_a_compacted_font_is_renumbered_q_and_Q_included():
    """The font in force is the last Tf, restored by Q to what it was at q."""
    pdf, stream = _pdf_with_content(
        b"/ABCDEF 9 Tf", b"q", b"/GHIJKL 9 Tf", b"[<0384>] TJ", b"Q", b"[<0384>-12<0000>] TJ")

    with pytest.raises(RuntimeError, match="without a font dictionary"):
        pdf_fonts.renumber_glyphs(_Document(), pdf)

    assert stream.stream[3] == b"[<0384>] TJ"
    assert stream.stream[5] == b"[<0001>-12<0000>] TJ"


def test_a_glyph_without_a_new_number_is_refused():
    """A glyph drawn in a compacted font but not in its subset: the PDF is not written."""
    pdf, _ = _pdf_with_content(b"/ABCDEF 9 Tf", b"[<0385>] TJ")

    with pytest.raises(RuntimeError, match="has no number"):
        pdf_fonts.renumber_glyphs(_Document(), pdf)
