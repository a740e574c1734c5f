"""Storing a checked upload: streamed to a temporary file while it is hashed and checked, then
moved into Django's default storage under a generated name; nothing is left behind on failure."""

import codecs
import errno
import hashlib
import logging
import os
import tempfile
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from core.attachments.checks import TEXT, FileType, extension_of, too_large_error

logger = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024
STORAGE_DIR = "attachments"
TEMPORARY_DIR = f"{STORAGE_DIR}/tmp"


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
                raise too_large_error(name, limit)
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


def delete_stored(name: str) -> None:
    """Remove a stored file, logging (not raising) a failure."""
    try:
        default_storage.delete(name)
    except OSError:
        logger.exception("Could not remove the stored attachment file %s", name)


def store(uploaded_file, *, name: str, file_type: FileType, limit: int) -> tuple[str, int, str]:
    """Copy, check and store the upload under a generated name; return that name, the size and
    the SHA-256 of the stored bytes.

    Nothing is left behind on failure: the temporary file is always removed, and a partly
    written stored file is deleted. OS errors (a full disk …) become a ValidationError.
    """
    target = _generated_name(extension_of(name))
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
                delete_stored(target)
            raise
    except OSError as exc:
        logger.exception("Storing the attachment %s failed", name)
        raise _storage_error(name, exc) from exc
    finally:
        if handle is not None:
            _discard(handle)
    return stored, size, sha256
