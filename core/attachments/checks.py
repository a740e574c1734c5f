"""What may be attached: the allowed file types, recognised by their first bytes (magic numbers,
not the name the browser sends), the size limit, and the displayed name of an upload."""

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
NAME_MAX_LENGTH = 255
HEAD_BYTES = 16  # how many first bytes sniff_file_type needs
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DWG = re.compile(rb"AC10\d\d")  # AutoCAD R13 (AC1012) up to 2018+ (AC1032)
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class FileType:
    """One kind of file that may be attached: its name in messages, MIME type and extensions."""

    label: str
    mime_type: str
    extensions: tuple[str, ...]
    zip_folder: str = ""  # Office Open XML: the package must hold this folder


PDF = FileType("PDF", "application/pdf", (".pdf",))
PNG = FileType("PNG", "image/png", (".png",))
JPEG = FileType("JPEG", "image/jpeg", (".jpg", ".jpeg"))
GIF = FileType("GIF", "image/gif", (".gif",))
TIFF = FileType("TIFF", "image/tiff", (".tif", ".tiff"))
DOCX = FileType(
    "Word (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    zip_folder="word/",
)
XLSX = FileType(
    "Excel (XLSX)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
    zip_folder="xl/",
)
DOC = FileType("Word (DOC)", "application/msword", (".doc",))
XLS = FileType("Excel (XLS)", "application/vnd.ms-excel", (".xls",))
DWG = FileType("DWG", "image/vnd.dwg", (".dwg",))
TEXT = FileType("UTF-8 text", "text/plain", (".txt",))

FILE_TYPES = (PDF, PNG, JPEG, GIF, TIFF, DOCX, XLSX, DOC, XLS, DWG, TEXT)
ALLOWED_EXTENSIONS = tuple(ext for file_type in FILE_TYPES for ext in file_type.extensions)


def max_bytes() -> int:
    """The largest attachment accepted, in bytes (settings.ATTACHMENT_MAX_BYTES, 20 MB default)."""
    return getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def megabytes(size: int) -> str:
    """`size` bytes in MB for messages: "20", "0.5"."""
    return f"{size / (1024 * 1024):.2f}".rstrip("0").rstrip(".")


def safe_original_name(name: str | None) -> str:
    """The name to show for an upload: its last path part, without control characters, NFC.

    Cut to 255 characters keeping the extension. Only ever displayed and sent back in
    Content-Disposition; the stored file has a generated name.
    """
    name = PureWindowsPath(name or "").name  # splits on both "/" and "\"
    name = _CONTROL_CHARACTERS.sub("", unicodedata.normalize("NFC", name)).strip()
    if len(name) > NAME_MAX_LENGTH:
        stem, ext = os.path.splitext(name)
        name = stem[: NAME_MAX_LENGTH - len(ext)] + ext if len(ext) < 20 else name[:255]
    if not name:
        raise ValidationError(_("The uploaded file has no name."), code="no_name")
    return name


def extension_of(name: str) -> str:
    """The lower-case extension of `name`, with its dot ("" when it has none)."""
    return os.path.splitext(name)[1].lower()


def _not_allowed(name: str) -> ValidationError:
    allowed = ", ".join(ext.lstrip(".").upper() for ext in ALLOWED_EXTENSIONS)
    return ValidationError(
        _("%(name)s cannot be attached: its content is not one of the allowed file types "
          "(%(allowed)s)."),
        code="file_type",
        params={"name": name, "allowed": allowed},
    )


def sniff_file_type(head: bytes, name: str) -> FileType:
    """The allowed type that the first bytes of a file show, agreeing with the file's name.

    Raises ValidationError naming the file when the content is none of FILE_TYPES (an .exe
    renamed .pdf stays an .exe) or when the name's extension does not fit the content. ZIP and
    OLE2 containers are told apart by the extension (DOCX/XLSX, DOC/XLS); text is accepted
    here on the .txt extension alone and checked to be UTF-8 while it is copied.
    """
    ext = extension_of(name)
    file_type = None
    if head.startswith(b"%PDF-"):
        file_type = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        file_type = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        file_type = JPEG
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        file_type = GIF
    elif head[:4] in (b"II*\x00", b"MM\x00*"):
        file_type = TIFF
    elif _DWG.match(head):
        file_type = DWG
    elif head.startswith(b"PK\x03\x04"):
        file_type = {".docx": DOCX, ".xlsx": XLSX}.get(ext)
    elif head.startswith(_OLE2):
        file_type = {".doc": DOC, ".xls": XLS}.get(ext)
    elif ext in TEXT.extensions:
        file_type = TEXT
    if file_type is None:
        raise _not_allowed(name)
    if ext not in file_type.extensions:
        raise ValidationError(
            _("The name %(name)s ends in “%(extension)s” but the file is a %(type)s file: "
              "give it the extension %(expected)s, or choose the right file."),
            code="extension_mismatch",
            params={
                "name": name,
                "extension": ext or "—",
                "type": file_type.label,
                "expected": " / ".join(file_type.extensions),
            },
        )
    return file_type


def too_large_error(name: str, limit: int) -> ValidationError:
    """The refusal of a file larger than `limit` bytes, naming the file and the limit in MB."""
    return ValidationError(
        _("%(name)s is larger than the limit of %(limit)s MB for an attachment."),
        code="too_large",
        params={"name": name, "limit": megabytes(limit)},
    )

