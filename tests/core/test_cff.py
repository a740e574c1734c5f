"""The charset of a CID-keyed CFF table (core.cff): read in each format, rewritten to give
each glyph its glyph id as CID, in place; and the whole rewrite on a real Noto CJK subset."""

import io
import struct

import pytest
from fontTools.ttLib import TTFont, sfnt
from pypdf import PdfReader

from core import cff
from core.pdf import html_to_pdf
from tests.helpers.pdf import embedded_font_program, fonts_of_page


def _cff(charset: bytes, glyph_count: int) -> bytes:
    """A minimal CID-keyed CFF: header, Name INDEX, Top DICT INDEX (ROS, charset, CharStrings),
    the charset and a CharStrings INDEX of `glyph_count` empty charstrings."""

    def number(value: int) -> bytes:
        return b"\x1d" + struct.pack(">i", value)  # 5-byte integer operand

    def index(items: list[bytes]) -> bytes:
        offsets = [1]
        for item in items:
            offsets.append(offsets[-1] + len(item))
        return (struct.pack(">HB", len(items), 4) + b"".join(struct.pack(">I", o)
                                                              for o in offsets) + b"".join(items))

    header, names = b"\x01\x00\x04\x04", index([b"F"])
    top_length = 3 * 5 + 2 + 5 + 1 + 5 + 1
    top_index_length = 2 + 1 + 2 * 4 + top_length
    charset_offset = len(header) + len(names) + top_index_length
    charstrings_offset = charset_offset + len(charset)
    top = (number(391) + number(392) + number(0) + b"\x0c\x1e" + number(charset_offset)
           + b"\x0f" + number(charstrings_offset) + b"\x11")
    assert len(top) == top_length
    return header + names + index([top]) + charset + index([b"\x0e"] * glyph_count)


CHARSETS = {  # five glyphs: .notdef and CIDs 7, 8, 9, 300
    0: b"\x00" + struct.pack(">4H", 7, 8, 9, 300),
    1: b"\x01" + struct.pack(">HB", 7, 2) + struct.pack(">HB", 300, 0),
    2: b"\x02" + struct.pack(">HH", 7, 2) + struct.pack(">HH", 300, 0),
}


@pytest.mark.parametrize("charset_format", [0, 1, 2])
def test_a_charset_is_read_in_each_format(charset_format):
    """Formats 0, 1 and 2 give each glyph its CID, and the charset's length in bytes."""
    table = _cff(CHARSETS[charset_format], 5)

    offset, length, cids = cff.charset(table)

    assert table[offset] == charset_format
    assert (length, cids) == (len(CHARSETS[charset_format]), [0, 7, 8, 9, 300])


@pytest.mark.parametrize("charset_format", [0, 1, 2])
def test_the_identity_charset_fits_in_place_and_gives_each_glyph_its_id(charset_format):
    """The identity charset, in the same format, is no longer than the one it replaces."""
    identity = cff.identity_charset(charset_format, 5)

    _, length, cids = cff.charset(_cff(identity, 5))

    assert cids == [0, 1, 2, 3, 4]
    assert length == len(identity) <= len(CHARSETS[charset_format])


def test_format_1_ranges_hold_at_most_256_glyphs():
    """600 glyphs take three format-1 ranges (1–256, 257–512, 513–599)."""
    identity = cff.identity_charset(1, 600)

    _, length, cids = cff.charset(_cff(identity, 600))

    assert cids == list(range(600))
    assert length == 1 + 3 * 3


def test_a_name_keyed_cff_has_no_cids():
    """Without the ROS operator the CFF is name-keyed: nothing to read."""
    table = _cff(CHARSETS[0], 5).replace(b"\x0c\x1e", b"\x0c\x1f", 1)  # ROS → CIDFontVersion

    assert cff.charset(table) is None




def test_a_malformed_table_is_an_error_not_a_guess():
    """A Top DICT with a reserved byte, or a table cut short, raises CFFError."""
    table = _cff(CHARSETS[0], 5)

    with pytest.raises(cff.CFFError):
        cff.charset(table[:40])
    with pytest.raises(cff.CFFError):
        cff.charset(table.replace(b"\x0c\x1e", b"\xff\x1e", 1))


def test_a_font_that_is_not_opentype_cff_is_left_alone():
    """with_identity_cids answers None for anything but an OpenType font with a CFF table."""
    assert cff.with_identity_cids(b"\x00\x01\x00\x00" + bytes(8)) is None
    assert cff.with_identity_cids(b"not a font") is None


def test_the_printed_fonts_have_cids_equal_to_glyph_ids_and_valid_checksums(noto_cjk_sc):
    """In the fonts of a printed page every glyph's CID is its glyph id (fontTools reads
    cid00001, cid00002…), and fontTools finds the checksums right."""
    pdf = html_to_pdf("<h1>燃气用户信息表</h1><p>骨直写角 0123</p>")

    for page in PdfReader(io.BytesIO(pdf)).pages:
        for _, descriptor in fonts_of_page(page):
            program = embedded_font_program(descriptor)
            order = TTFont(io.BytesIO(program)).getGlyphOrder()
            assert order == [".notdef"] + [f"cid{cid:05d}" for cid in range(1, len(order))]
            assert sfnt.calcChecksum(program) == 0xB1B0AFBA
