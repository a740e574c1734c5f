"""Reading the PDFs the project prints: text of the pages, fonts and their embedded programs,
and whether the Noto CJK SC faces the print stylesheet names are installed."""

import functools
import io
import shutil
import subprocess

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont
from pypdf import PdfReader


@functools.cache
def installed_font_families() -> str:
    """`fc-list : family` (empty without fontconfig), read once per test run."""
    if shutil.which("fc-list") is None:
        return ""
    result = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, check=False, timeout=60
    )
    return result.stdout


def require_noto_cjk_sc() -> None:
    """Skip (with a reason, never silently) when the Simplified Chinese Noto faces are missing."""
    if shutil.which("fc-list") is None:
        pytest.skip("fc-list (fontconfig) is not installed: cannot check the Noto CJK SC fonts")
    families = installed_font_families()
    for family in (settings.PDF_FONT_FAMILY_SERIF, settings.PDF_FONT_FAMILY_SANS):
        if family not in families:
            pytest.skip(
                f'fc-list does not list "{family}": install Debian\'s fonts-noto-cjk to run '
                "the font-dependent PDF tests"
            )


def pages_without_whitespace(pdf: bytes) -> list[str]:
    """The text of each page, all whitespace removed (letter-spacing splits words)."""
    return ["".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def text_without_whitespace(pdf: bytes) -> str:
    """The text of every page, all whitespace removed."""
    return "".join(pages_without_whitespace(pdf))


def fonts_of_page(page) -> list[tuple[str, dict]]:
    """(BaseFont, FontDescriptor) of every font of a page, descendants of Type0 fonts included."""
    fonts = []
    for font_ref in page["/Resources"]["/Font"].values():
        font = font_ref.get_object()
        members = [font] + [ref.get_object() for ref in font.get("/DescendantFonts", [])]
        for member in members:
            if "/FontDescriptor" in member:
                fonts.append((str(member["/BaseFont"]), member["/FontDescriptor"].get_object()))
    return fonts


def embedded_font_program(descriptor) -> bytes | None:
    """The font file embedded for a FontDescriptor, or None when the font is not embedded."""
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in descriptor:
            return descriptor[key].get_object().get_data()
    return None


def font_program_family(program: bytes) -> str:
    """The family name (name table, ID 1) of an embedded OpenType program."""
    return TTFont(io.BytesIO(program))["name"].getDebugName(1)


def noto_families_of_page(page) -> list[str]:
    """The family of each font of `page`, each checked to be an embedded Noto CJK SC face of
    the print stylesheet (settings.PDF_FONT_FAMILY_SERIF or _SANS) whose PDF name (e.g.
    "ABCDEF+Noto-Serif-CJK-SC") matches its program's own name table."""
    from django.conf import settings

    families = []
    for base_font, descriptor in fonts_of_page(page):
        name = base_font.replace("-", "")
        assert "NotoSerifCJKSC" in name or "NotoSansCJKSC" in name, base_font
        program = embedded_font_program(descriptor)
        assert program, f"{base_font} is not embedded"
        family = font_program_family(program)
        assert family in (settings.PDF_FONT_FAMILY_SERIF, settings.PDF_FONT_FAMILY_SANS)
        assert family.replace(" ", "") in name
        families.append(family)
    return families
