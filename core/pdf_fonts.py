"""Compact font subsets for the PDFs that core.pdf writes through WeasyPrint 70.

WeasyPrint subsets every embedded font but keeps the original glyph ids, so that the glyph
codes it writes in the page content stay valid. The subset then still holds an entry (a width,
an empty outline) for every glyph up to the highest one used: some 63,000 in a Noto CJK face,
so each face weighs 140–160 KB in the PDF however few characters are printed, and the two
HarfBuzz passes that make it take some 25 ms per face.

While :func:`compact_fonts` is active (core.pdf wraps ``write_pdf`` in it and passes
:func:`renumber_glyphs` as the finisher), a CID-keyed CFF face whose CIDs are its glyph ids
(Noto CJK, Source Han) is subset once, renumbering its glyphs: glyph *k* of the embedded font
is the *k*-th glyph kept, in the original order, and its CID is *k* too (the charset is
rewritten to the identity), so a reader that looks CIDs up through the charset, as the PDF
specification says, and one that takes them for glyph ids find the same glyph. The finisher
then writes the new numbers where WeasyPrint wrote the old ones: in the text of the page
content (``TJ``), in ``/ToUnicode`` and in ``/W``. The font keeps ``/Identity-H``: the PDF is
what a PDF writer that renumbers its subsets writes, and reads the same in every reader.

Any other font (TrueType, variable, bitmap or colour fonts, a font with glyphs missing or
used in forms) keeps WeasyPrint's own subset. Outside :func:`compact_fonts`, WeasyPrint
behaves exactly as without this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from math import ceil

import pydyf
import weasyprint
from weasyprint.pdf.fonts import Font
from weasyprint.pdf.stream import Stream as ContentStream
from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset
from weasyprint.text.fonts import get_hb_object_data

from core import cff

__all__ = ["compact_fonts", "renumber_glyphs"]

#: Tables left out of a compact subset: those WeasyPrint drops, and the vertical metrics
#: (WeasyPrint writes horizontal text only; a PDF reader takes the widths from /W).
_DROPPED_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF",
                   b"LTSH", b"PCLT", b"SVG ", b"VORG", b"vhea", b"vmtx")

#: The WeasyPrint whose internals (Font.subset, Font's attributes, its content streams and
#: font dictionaries) this module was written and tested against; with another version the
#: fonts are left to WeasyPrint (and the size tests of the printed documents say so).
WEASYPRINT_VERSION = "70.0"

_active: ContextVar[bool] = ContextVar("compact_fonts", default=False)
_identity_faces: dict[tuple, bool] = {}  # _cids_are_glyph_ids of each face read so far
# WeasyPrint's own Font.subset (also if this module is imported again).
_weasyprint_subset = getattr(Font.subset, "weasyprint_subset", Font.subset)


@contextmanager
def compact_fonts() -> Iterator[None]:
    """Within this block, WeasyPrint writes compact subsets of CID-keyed CFF fonts.

    The PDF written inside must be finished by :func:`renumber_glyphs`: without it, the page
    content would name glyphs by ids that the compact fonts no longer have.
    """
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)


def renumber_glyphs(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: write the new glyph ids of the compacted fonts in the PDF.

    In every content stream, each ``TJ`` shown in a compacted font (the font set by the last
    ``Tf`` in force, ``q``/``Q`` included) has its glyph codes renumbered; each Type 0 font
    dictionary of a compacted font has its ``/ToUnicode`` codes and its descendant's ``/W``
    (and ``/CIDSet``, if any) keyed by the new numbers. Raises :class:`RuntimeError` on text it
    cannot place in a font, a glyph without a new number, or a compacted font without a
    dictionary, rather than write a PDF that would show the wrong glyphs.
    """
    new_ids = {font.hash: font.compact_cids for font in document.fonts.values()
               if getattr(font, "compact_cids", None)}
    if not new_ids:
        return
    rewritten = set()
    for obj in pdf.objects:
        if isinstance(obj, ContentStream):
            _renumber_text(obj, new_ids)
        elif isinstance(obj, pydyf.Dictionary) and obj.get("Subtype") == "/Type0":
            font_hash = obj["BaseFont"].lstrip(b"/").split(b"+")[0].decode()
            if font_hash in new_ids:
                _renumber_font(pdf, obj, new_ids[font_hash])
                rewritten.add(font_hash)
    if missing := set(new_ids) - rewritten:
        raise RuntimeError(f"Compacted fonts without a font dictionary: {sorted(missing)}")


def _subset(font: Font, to_unicode: dict, hinting: bool) -> None:
    """Font.subset: compact for CID-keyed CFF fonts inside compact_fonts(), else WeasyPrint's."""
    font.compact_cids = None
    if _active.get() and to_unicode and _can_compact(font):
        glyphs = sorted({0, *to_unicode})
        compact = _compact_subset(font, glyphs, hinting)
        if compact is not None:
            font.file_content, new_glyph_ids = compact
            font.compact_cids = {glyph: new_glyph_ids[glyph] for glyph in glyphs}
            return
    _weasyprint_subset(font, to_unicode, hinting)


_subset.weasyprint_subset = _weasyprint_subset
Font.subset = _subset


def _can_compact(font: Font) -> bool:
    return (weasyprint.__version__ == WEASYPRINT_VERSION
            and harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0)
            and "CFF " in font.tables and not font.missing and not font.bitmap
            and not (font.png or font.svg or font.colr) and "fvar" not in font.tables)


def _compact_subset(font: Font, glyphs: list[int], hinting: bool):
    """(font file, {original glyph id: new glyph id}) of the font reduced to `glyphs`, its
    glyphs renumbered in their original order and each one's CID its new glyph id; None when
    the font is not a CID-keyed CFF whose CIDs are its glyph ids, or HarfBuzz fails.

    HarfBuzz may keep a few glyphs besides `glyphs` (the variants that the cmap's variation
    sequences give the characters drawn): the new glyph ids are read from the subset's charset,
    which gives each kept glyph its original CID, that is its original glyph id.
    """
    if not _cids_are_glyph_ids(font):
        return None
    subset_input = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(),
                          harfbuzz_subset.hb_subset_input_destroy)
    glyph_set = harfbuzz_subset.hb_subset_input_glyph_set(subset_input)
    harfbuzz.hb_set_add_sorted_array(
        glyph_set, ffi.new(f"hb_codepoint_t[{len(glyphs)}]", glyphs), len(glyphs))
    flags = (harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
             | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE)
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    harfbuzz_subset.hb_subset_input_set_flags(subset_input, flags)
    dropped = sorted(harfbuzz.hb_tag_from_string(tag, -1) for tag in _DROPPED_TABLES)
    harfbuzz.hb_set_add_sorted_array(
        harfbuzz_subset.hb_subset_input_set(
            subset_input, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG),
        ffi.new(f"hb_codepoint_t[{len(dropped)}]", dropped), len(dropped))
    face = harfbuzz_subset.hb_subset_or_fail(font.hb_face, subset_input)
    if face == ffi.NULL:
        return None
    face = ffi.gc(face, harfbuzz.hb_face_destroy)
    compact = cff.with_identity_cids(get_hb_object_data(face) or b"")
    if compact is None:
        return None
    content, original_cids = compact
    new_glyph_ids = {cid: glyph for glyph, cid in enumerate(original_cids)}
    if not all(glyph in new_glyph_ids for glyph in glyphs):
        return None
    return content, new_glyph_ids


def _cids_are_glyph_ids(font: Font) -> bool:
    """True when the font's CFF is CID-keyed with CID == glyph id (Noto CJK, Source Han).
    Read once per face and process."""
    key = (font.hash, font.index, len(font.file_content))
    if key not in _identity_faces:
        _identity_faces[key] = _read_cids_are_glyph_ids(font)
    return _identity_faces[key]


def _read_cids_are_glyph_ids(font: Font) -> bool:
    blob = ffi.gc(harfbuzz.hb_face_reference_table(
        font.hb_face, harfbuzz.hb_tag_from_string(b"CFF ", -1)), harfbuzz.hb_blob_destroy)
    length = ffi.new("unsigned int *")
    data = harfbuzz.hb_blob_get_data(blob, length)
    if not length[0]:
        return False
    table = memoryview(ffi.buffer(data, length[0])).cast("B")
    try:
        charset = cff.charset(table)
    except cff.CFFError:
        return False
    return charset is not None and charset.cids == list(range(len(charset.cids)))


_TF = re.compile(rb"/(\w+) \S+ Tf")
_HEX_STRING = re.compile(rb"<([0-9a-f]*)>")
_BFCHAR = re.compile(rb"<([0-9a-f]{4})> (<[0-9a-f]*>)")


def _renumber_text(stream: ContentStream, new_ids: dict[str, dict[int, int]]) -> None:
    """Renumber the glyphs of the TJ operators shown in a compacted font. WeasyPrint writes
    one operator per item of the stream: b"q", b"/ABCDEF 9.5 Tf", b"[<0a1b>-12<0c2d>] TJ"."""
    font, saved = None, []
    for index, item in enumerate(stream.stream):
        if item == b"q":
            saved.append(font)
        elif item == b"Q":
            font = saved.pop() if saved else None
        elif isinstance(item, bytes) and item.endswith(b" Tf") and (tf := _TF.fullmatch(item)):
            font = tf.group(1).decode()
        elif isinstance(item, bytes) and item.startswith(b"[") and item.endswith(b"] TJ"):
            if font is None:
                raise RuntimeError("Text shown before any font is set")
            if font in new_ids:
                ids = new_ids[font]
                stream.stream[index] = _HEX_STRING.sub(
                    lambda string, ids=ids: b"<" + _renumber_codes(string.group(1), ids) + b">",
                    item)


def _renumber_codes(codes: bytes, ids: dict[int, int]) -> bytes:
    """Hex codes of two bytes each (b"0a1b0c2d"), renumbered."""
    if len(codes) % 4:
        raise RuntimeError(f"Glyph codes of odd length in a compacted font: {codes!r}")
    try:
        return b"".join(b"%04x" % ids[int(codes[start:start + 4], 16)]
                        for start in range(0, len(codes), 4))
    except KeyError as error:
        raise RuntimeError(f"Glyph {error} has no number in its compacted font") from None


def _renumber_font(pdf: pydyf.PDF, font: pydyf.Dictionary, ids: dict[int, int]) -> None:
    if font.get("Encoding") != "/Identity-H":
        raise RuntimeError(f"Unexpected encoding of the compacted font {font['BaseFont']}")
    _renumber_to_unicode(_dereference(pdf, font["ToUnicode"]), ids)
    (descendant_reference,) = font["DescendantFonts"]
    descendant = _dereference(pdf, descendant_reference)
    widths = _widths(descendant["W"])
    descendant["W"] = _width_array({ids[code]: width for code, width in widths.items()})
    descriptor = _dereference(pdf, descendant["FontDescriptor"])
    if "CIDSet" in descriptor:  # PDF/A-1 only
        _dereference(pdf, descriptor["CIDSet"]).stream = [_cid_set(ids.values())]


def _renumber_to_unicode(cmap: pydyf.Stream, ids: dict[int, int]) -> None:
    """Renumber the codes of the bfchar lines (b"<0a1b> <71c3>") of a /ToUnicode CMap."""
    in_bfchar = False
    for index, line in enumerate(cmap.stream):
        if isinstance(line, bytes) and line.endswith(b"beginbfchar"):
            in_bfchar = True
        elif line == b"endbfchar":
            in_bfchar = False
        elif in_bfchar:
            if not (entry := _BFCHAR.fullmatch(line)):
                raise RuntimeError(f"Unexpected /ToUnicode line {line!r}")
            cmap.stream[index] = b"<%s> %s" % (_renumber_codes(entry.group(1), ids),
                                               entry.group(2))


def _dereference(pdf: pydyf.PDF, reference: bytes) -> pydyf.Object:
    """The object of a reference b"12 0 R" (pydyf numbers objects by their list position)."""
    return pdf.objects[int(reference.split()[0])]


def _widths(array) -> dict[int, float]:
    """The /W array [start [w w …] start [w …] …] as {cid: width}."""
    widths = {}
    for start, run in zip(array[0::2], array[1::2], strict=True):
        widths.update((start + offset, width) for offset, width in enumerate(run))
    return widths


def _width_array(widths: dict[int, float]) -> pydyf.Array:
    array = pydyf.Array()
    for cid in sorted(widths):
        if cid - 1 not in widths:
            run = pydyf.Array()
            array.extend((cid, run))
        run.append(widths[cid])
    return array


def _cid_set(cids) -> bytes:
    bits = bytearray(ceil((max(cids) + 1) / 8))
    for cid in cids:
        bits[cid // 8] |= 0x80 >> (cid % 8)
    return bytes(bits)
