"""Reads of attachments: a record's list, one by number, the file streamed back, the context of
`templates/includes/attachments.html`."""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from core.attachments.checks import ALLOWED_EXTENSIONS, max_bytes, megabytes
from core.models import Attachment

logger = logging.getLogger(__name__)


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
        "attachment_max_mb": megabytes(max_bytes()),
    }
