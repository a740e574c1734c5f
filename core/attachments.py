"""Attachments: files (letters, drawings, approvals, budgets …) attached to any business record.

Every file goes through `attachment_add`, which checks its size and its actual content (magic
numbers, not the name the browser sends), streams it to a temporary file while hashing it, and
only then stores it in Django's default storage under a generated name. In production that is a
FileSystemStorage under MEDIA_ROOT which no URL serves: files leave only through
`attachment_response`, called by a view that has checked permissions and logged the read.
"""

import codecs
import errno
import hashlib
import logging
import os
import re
import tempfile
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PureWindowsPath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from django.db.models import Max, Model, QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Attachment

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
CHUNK_SIZE = 64 * 1024
STORAGE_DIR = "attachments"
TEMPORARY_DIR = f"{STORAGE_DIR}/tmp"
NAME_MAX_LENGTH = 255
_HEAD_BYTES = 16
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


def _megabytes(size: int) -> str:
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


def _extension(name: str) -> str:
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
    ext = _extension(name)
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


def _too_large(name: str, limit: int) -> ValidationError:
    return ValidationError(
        _("%(name)s is larger than the limit of %(limit)s MB for an attachment."),
        code="too_large",
        params={"name": name, "limit": _megabytes(limit)},
    )


def _storage_error(name: str, exc: OSError) -> ValidationError:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        message = _("%(name)s was not saved: the server's disk is full. "
                    "Please tell the system administrator.")
    else:
        message = _("%(name)s was not saved: the server could not write the file. "
                    "Please try again later or tell the system administrator.")
    return ValidationError(message, code="storage", params={"name": name})


class _MovableTemporaryFile(File):
    """A finished temporary file in the storage's own folder: FileSystemStorage renames it."""

    def temporary_file_path(self) -> str:
        return self.file.name


def _open_temporary():
    """A temporary file next to the stored ones (so storing is a rename), or a spooled one."""
    if isinstance(default_storage, FileSystemStorage):
        folder = default_storage.path(TEMPORARY_DIR)
        os.makedirs(folder, exist_ok=True)
        return tempfile.NamedTemporaryFile(dir=folder, prefix="upload-", suffix=".part",
                                           delete=False)
    return tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)


def _discard(handle) -> None:
    """Close a temporary file and remove it from disk if it is still there."""
    handle.close()
    path = getattr(handle, "name", None)
    if isinstance(path, str) and os.path.isabs(path):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass  # already moved into place
        except OSError:
            logger.warning("Could not remove the temporary upload %s", path, exc_info=True)


def _copy(uploaded_file, handle, *, name: str, file_type: FileType, limit: int):
    """Stream the upload into `handle`; return its size and SHA-256, enforcing size and UTF-8."""
    digest = hashlib.sha256()
    size = 0
    decoder = codecs.getincrementaldecoder("utf-8")() if file_type is TEXT else None
    try:
        for chunk in uploaded_file.chunks(CHUNK_SIZE):
            size += len(chunk)
            if size > limit:
                raise _too_large(name, limit)
            if decoder is not None:
                decoder.decode(chunk)
            digest.update(chunk)
            handle.write(chunk)
        if decoder is not None:
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("%(name)s is not UTF-8 text: save it as UTF-8 (or as PDF) and upload it again."),
            code="not_utf8",
            params={"name": name},
        ) from exc
    handle.flush()
    return size, digest.hexdigest()


def _check_package(handle, *, name: str, file_type: FileType) -> None:
    """An Office Open XML file must be a readable ZIP holding its content types and part folder."""
    if not file_type.zip_folder:
        return
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        names = []
    if "[Content_Types].xml" not in names or not any(
        member.startswith(file_type.zip_folder) for member in names
    ):
        raise ValidationError(
            _("%(name)s is not a valid %(type)s file (it may be damaged)."),
            code="damaged",
            params={"name": name, "type": file_type.label},
        )


def _generated_name(ext: str) -> str:
    now = timezone.localtime()
    return f"{STORAGE_DIR}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{ext}"


def _delete_stored(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:
        logger.exception("Could not remove the stored attachment file %s", name)


def _store(uploaded_file, *, name: str, file_type: FileType, limit: int) -> tuple[str, int, str]:
    """Copy, check and store the upload; return the stored name, size and SHA-256.

    Nothing is left behind on failure: the temporary file is always removed, and a partly
    written stored file is deleted. OS errors (a full disk …) become a ValidationError.
    """
    target = _generated_name(_extension(name))
    handle = None
    try:
        handle = _open_temporary()
        size, sha256 = _copy(uploaded_file, handle, name=name, file_type=file_type, limit=limit)
        _check_package(handle, name=name, file_type=file_type)
        handle.seek(0)
        content = (_MovableTemporaryFile(handle) if isinstance(default_storage, FileSystemStorage)
                   else File(handle, name=target))
        try:
            stored = default_storage.save(target, content)
        except OSError:
            # A fresh uuid4 name: whatever is there now is our own partial copy.
            if default_storage.exists(target):
                _delete_stored(target)
            raise
    except OSError as exc:
        logger.exception("Storing the attachment %s failed", name)
        raise _storage_error(name, exc) from exc
    finally:
        if handle is not None:
            _discard(handle)
    return stored, size, sha256


def _next_sequence(record: Model, content_type: ContentType) -> int:
    """The next 附件 number of `record`, with the record's row locked until the transaction ends.

    The lock (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers anyway) makes
    concurrent uploads to one record wait for each other instead of taking the same number;
    the unique constraint is the backstop.
    """
    locked = type(record)._default_manager.select_for_update().filter(pk=record.pk)
    if not list(locked.values_list("pk", flat=True)):
        raise ValueError(f"Attach files only to saved records (got {record!r}).")
    last = Attachment.objects.filter(content_type=content_type, object_id=record.pk).aggregate(
        last=Max("sequence"))["last"]
    return (last or 0) + 1


@transaction.atomic
def attachment_add(*, record: Model, uploaded_file, by, kind: str = "",
                   title: str = "") -> Attachment:
    """Attach `uploaded_file` to `record` as its next 附件N, uploaded by `by`.

    Guarantees: the file is at most ATTACHMENT_MAX_BYTES and its bytes are one of FILE_TYPES
    matching its extension, else a ValidationError naming the file says why; it is stored
    under a generated name `attachments/<yyyy>/<mm>/<uuid4 hex><ext>`, never the user's; size
    and SHA-256 are those of the stored bytes; numbers run 1, 2, … per record in upload order.
    Either both the file and its row exist afterwards or neither does (a storage error, e.g. a
    full disk, is reported as a ValidationError). If a transaction around this call rolls back
    later, the stored file stays behind without a row.
    """
    name = safe_original_name(uploaded_file.name)
    limit = max_bytes()
    if uploaded_file.size is not None and uploaded_file.size > limit:
        raise _too_large(name, limit)
    uploaded_file.seek(0)
    head = uploaded_file.read(_HEAD_BYTES)
    if not head:
        raise ValidationError(_("%(name)s is empty."), code="empty", params={"name": name})
    file_type = sniff_file_type(head, name)
    stored, size, sha256 = _store(uploaded_file, name=name, file_type=file_type, limit=limit)
    try:
        content_type = ContentType.objects.get_for_model(record)
        attachment = Attachment(
            content_type=content_type,
            object_id=record.pk,
            sequence=_next_sequence(record, content_type),
            kind=kind.strip(),
            title=title.strip(),
            original_name=name,
            file=stored,
            size=size,
            sha256=sha256,
            mime_type=file_type.mime_type,
            uploaded_by=by,
            created_by=by,
        )
        attachment.full_clean()
        attachment._change_reason = "uploaded"
        attachment.save()
    except BaseException:
        _delete_stored(stored)
        raise
    return attachment


@transaction.atomic
def attachment_void(*, attachment: Attachment, by, reason: str) -> Attachment:
    """Mark `attachment` void with `reason`, by `by`, now; the row and the file stay.

    Raises ValidationError on "reason" when it is blank, and when the attachment is already
    void (so the first voiding, its reason and its author are never overwritten).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for voiding the attachment.")})
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    if attachment.voided:
        raise ValidationError(
            _("%(label)s is already void."), code="already_void",
            params={"label": attachment.label},
        )
    attachment.voided = True
    attachment.void_reason = reason
    attachment.voided_by = by
    attachment.voided_at = timezone.now()
    attachment.full_clean()
    attachment._change_reason = "voided"
    attachment.save()
    return attachment


def attachments_for(record: Model, *, include_void: bool = True) -> QuerySet:
    """The attachments of `record` in number order, with their uploaders (one query)."""
    attachments = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("uploaded_by", "voided_by").order_by("sequence")
    if not include_void:
        attachments = attachments.filter(voided=False)
    return attachments


def attachment_get(*, record: Model, number: int) -> Attachment:
    """Attachment 附件`number` of `record` (void ones included); Http404 when there is none."""
    return get_object_or_404(attachments_for(record), sequence=number)


def attachment_response(*, attachment: Attachment, as_attachment: bool = True) -> FileResponse:
    """The stored file, streamed, under its original name (RFC 5987 for non-ASCII names).

    Sent with its checked MIME type, `X-Content-Type-Options: nosniff` (the browser never
    guesses another type) and `Cache-Control: private, no-store` (no copy in any cache).
    Call it only after checking permission and logging the read. Http404 if the file is gone.
    """
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except (FileNotFoundError, ValueError) as exc:
        logger.error("The file of attachment %s (%s) is missing", attachment.pk,
                     attachment.file.name)
        raise Http404 from exc
    content_type = attachment.mime_type
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(handle, as_attachment=as_attachment,
                            filename=attachment.original_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def attachments_context(record: Model, *, download_url_name: str, upload_url: str = "",
                        void_url_name: str = "", include_void: bool = True) -> dict:
    """The context `templates/includes/attachments.html` expects, for `{% include … with %}`."""
    return {
        "record": record,
        "attachments": attachments_for(record, include_void=include_void),
        "download_url_name": download_url_name,
        "upload_url": upload_url,
        "void_url_name": void_url_name,
        "attachment_accept": ",".join(ALLOWED_EXTENSIONS),
        "attachment_max_mb": _megabytes(max_bytes()),
    }
