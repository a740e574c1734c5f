"""The fonts of a printed PDF: which faces are embedded, and which glyph each character drawn
gets, read from the PDF the way a reader does (Tf, TJ codes, /ToUnicode, the embedded font)."""

import functools
import io
import shutil
import subprocess

from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

from tests.helpers.pdf import embedded_font_program, fonts_of_page


def embedded_faces(pdf: bytes) -> dict[str, tuple[str, str]]:
    """{BaseFont: (family, subfamily)} of every font of every page, as named in the embedded
    program (name IDs 1 and 2), e.g. ("Noto Serif CJK SC", "Regular")."""
    faces = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for base_font, descriptor in fonts_of_page(page):
            names = TTFont(io.BytesIO(embedded_font_program(descriptor)))["name"]
            faces[base_font] = (names.getDebugName(1), names.getDebugName(2))
    return faces


def _to_unicode(font) -> dict[int, str]:
    """The bfchar entries of the font's /ToUnicode CMap (what WeasyPrint writes)."""
    mapping = {}
    for line in font["/ToUnicode"].get_object().get_data().decode().splitlines():
        parts = line.split()
        if len(parts) == 2 and all(part.startswith("<") for part in parts):
            mapping[int(parts[0][1:-1], 16)] = bytes.fromhex(parts[1][1:-1]).decode("utf-16-be")
    return mapping


def drawn_glyphs(pdf: bytes) -> list[tuple[str, str, list]]:
    """(family, character, outline) for each code shown by a TJ operator, its glyph being the
    one a reader finds: code = CID (Identity-H), CID → glyph through the charset of the
    embedded CID-keyed CFF. The outline is the glyph's drawing as recorded by a RecordingPen."""
    reader = PdfReader(io.BytesIO(pdf))
    drawn = []
    for page in reader.pages:
        fonts = {name: ref.get_object() for name, ref in page["/Resources"]["/Font"].items()}
        programs = {}
        font = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                font = operands[0]
            elif operator == b"TJ":
                if font not in programs:
                    programs[font] = _program(fonts[font])
                family, glyph_set, by_cid, to_unicode = programs[font]
                for item in operands[0]:
                    if isinstance(item, int | float) or not hasattr(item, "original_bytes"):
                        continue
                    codes = bytes(item.original_bytes)
                    for start in range(0, len(codes), 2):
                        code = int.from_bytes(codes[start:start + 2], "big")
                        pen = RecordingPen()
                        glyph_set[by_cid[code]].draw(pen)
                        drawn.append((family, to_unicode[code], pen.value))
    return drawn


def _program(font):
    """(family, glyph set, {CID: glyph name}, /ToUnicode) of a Type 0 font with a CFF program."""
    assert font["/Encoding"] == "/Identity-H"
    descendant = font["/DescendantFonts"][0].get_object()
    program = TTFont(io.BytesIO(embedded_font_program(descendant["/FontDescriptor"])))
    glyph_order = program.getGlyphOrder()
    by_cid = {0 if name == ".notdef" else int(name.removeprefix("cid")): name
              for name in glyph_order}
    # A reader that takes CIDs for glyph ids finds the same glyphs as one that reads the charset.
    assert all(glyph_order[cid] == name for cid, name in by_cid.items())
    return program["name"].getDebugName(1), program.getGlyphSet(), by_cid, _to_unicode(font)


@functools.cache
def system_face(family: str) -> TTFont:
    """The face fontconfig gives for `family` (file and index in the collection, as Pango
    finds it), loaded lazily."""
    assert shutil.which("fc-match"), "fc-match (fontconfig) is needed"
    result = subprocess.run(["fc-match", "-f", "%{file}\n%{index}", family], check=True,
                            capture_output=True, text=True, timeout=60)
    path, index = result.stdout.split("\n")
    return TTFont(path, fontNumber=int(index), lazy=True)


@functools.cache
def _system_glyphs(family: str):
    face = system_face(family)
    return face.getBestCmap(), face.getGlyphSet()


def system_outline(family: str, character: str) -> list:
    """The outline of `character` in the system face of `family` (its cmap glyph)."""
    cmap, glyph_set = _system_glyphs(family)
    pen = RecordingPen()
    glyph_set[cmap[ord(character)]].draw(pen)
    return pen.value
