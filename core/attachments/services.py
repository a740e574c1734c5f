"""Writes of attachments: add a checked file to a record as its next 附件N, void one."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from core.attachments.checks import (
    HEAD_BYTES,
    max_bytes,
    safe_original_name,
    sniff_file_type,
    too_large_error,
)
from core.attachments.storage import delete_stored, store
from core.models import Attachment


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
        raise too_large_error(name, limit)
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    if not head:
        raise ValidationError(_("%(name)s is empty."), code="empty", params={"name": name})
    file_type = sniff_file_type(head, name)
    stored, size, sha256 = store(uploaded_file, name=name, file_type=file_type, limit=limit)
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
        delete_stored(stored)
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

