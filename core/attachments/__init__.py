"""Attachments: files (letters, drawings, approvals, budgets …) attached to any business record.

Every file goes through `attachment_add`, which checks its size and its actual content (magic
numbers, not the name the browser sends), streams it to a temporary file while hashing it, and
only then stores it in Django's default storage under a generated name. In production that is a
FileSystemStorage under MEDIA_ROOT which no URL serves: files leave only through
`attachment_response`, called by a view that has checked permissions and logged the read.

checks.py: the allowed file types and limits; storage.py: streaming, checking and storing the
bytes; services.py: attachment_add, attachment_void; selectors.py: the reads and the response.
"""

from core.attachments.checks import (
    ALLOWED_EXTENSIONS,
    DEFAULT_MAX_BYTES,
    DOC,
    DOCX,
    DWG,
    FILE_TYPES,
    GIF,
    JPEG,
    NAME_MAX_LENGTH,
    PDF,
    PNG,
    TEXT,
    TIFF,
    XLS,
    XLSX,
    FileType,
    max_bytes,
    safe_original_name,
    sniff_file_type,
)
from core.attachments.selectors import (
    attachment_get,
    attachment_response,
    attachments_context,
    attachments_for,
)
from core.attachments.services import attachment_add, attachment_void
from core.attachments.storage import CHUNK_SIZE, STORAGE_DIR, TEMPORARY_DIR

__all__ = [
    "ALLOWED_EXTENSIONS",
    "CHUNK_SIZE",
    "DEFAULT_MAX_BYTES",
    "DOC",
    "DOCX",
    "DWG",
    "FILE_TYPES",
    "GIF",
    "JPEG",
    "NAME_MAX_LENGTH",
    "PDF",
    "PNG",
    "STORAGE_DIR",
    "TEMPORARY_DIR",
    "TEXT",
    "TIFF",
    "XLS",
    "XLSX",
    "FileType",
    "attachment_add",
    "attachment_get",
    "attachment_response",
    "attachment_void",
    "attachments_context",
    "attachments_for",
    "max_bytes",
    "safe_original_name",
    "sniff_file_type",
]
