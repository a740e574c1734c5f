import errno
import hashlib
import io
import os
import re
import threading
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import gettext
from guardian.shortcuts import assign_perm

from core.access import access_log_for
from core.attachments import (
    attachment_add,
    attachment_response,
    attachment_void,
    attachments_context,
    attachments_for,
    safe_original_name,
)
from core.attachments import storage as attachments_storage
from core.models import Attachment, HardDeleteForbidden
from tests.accounts.factories import UserFactory
from tests.testapp.factories import MemoFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.testapp.urls")]

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48)


def _office(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(f"{folder}document.xml", "<document/>")
    return buffer.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _stored_files(storage=None, path: str = "") -> set[str]:
    storage = storage or default_storage
    if path and not storage.exists(path):
        return set()
    folders, files = storage.listdir(path)
    found = {f"{path}/{name}".lstrip("/") for name in files}
    for folder in folders:
        found |= _stored_files(storage, f"{path}/{folder}".lstrip("/"))
    return found


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def uploader():
    return UserFactory()


# --- Storing ------------------------------------------------------------------------------------


def test_a_pdf_is_stored_under_a_generated_name_with_its_size_and_checksum(uploader):
    """The stored name is attachments/<yyyy>/<mm>/<uuid hex>.pdf; size and hash are the bytes'."""
    memo = MemoFactory()

    attachment = attachment_add(record=memo, uploaded_file=_upload("供气合同.pdf", PDF),
                                by=uploader, kind="letter", title="复函")

    assert re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert "供气合同" not in attachment.file.name
    with default_storage.open(attachment.file.name, "rb") as stored:
        assert stored.read() == PDF
    assert (attachment.size, attachment.sha256) == (len(PDF), hashlib.sha256(PDF).hexdigest())
    assert (attachment.mime_type, attachment.original_name) == ("application/pdf", "供气合同.pdf")
    assert (attachment.kind, attachment.title, attachment.uploaded_by) == ("letter", "复函",
                                                                           uploader)
    assert attachment.record == memo
    assert attachment.history.get().history_change_reason == "uploaded"


def test_attachments_are_numbered_in_upload_order_per_record(uploader):
    """A PDF then a PNG become 附件1 and 附件2; another record starts again at 附件1."""
    memo, other = MemoFactory(), MemoFactory()

    first = attachment_add(record=memo, uploaded_file=_upload("a.pdf", PDF), by=uploader)
    second = attachment_add(record=memo, uploaded_file=_upload("b.png", PNG), by=uploader)
    elsewhere = attachment_add(record=other, uploaded_file=_upload("c.pdf", PDF), by=uploader)

    assert [(a.sequence, a.label, a.mime_type) for a in attachments_for(memo)] == [
        (1, "附件1", "application/pdf"), (2, "附件2", "image/png")]
    assert (first.sequence, second.sequence, elsewhere.sequence) == (1, 2, 1)
    assert second.file.name.endswith(".png")


@pytest.mark.parametrize(("name", "content", "mime_type"), [
    ("photo.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20), "image/jpeg"),
    ("sketch.gif", b"GIF89a" + bytes(20), "image/gif"),
    ("scan.tif", b"II*\x00" + bytes(20), "image/tiff"),
    ("budget.docx", _office("word/"), "application/vnd.openxmlformats-officedocument."
                                      "wordprocessingml.document"),
    ("budget.xlsx", _office("xl/"), "application/vnd.openxmlformats-officedocument."
                                    "spreadsheetml.sheet"),
    ("letter.doc", OLE2, "application/msword"),
    ("table.xls", OLE2, "application/vnd.ms-excel"),
    ("plan.dwg", b"AC1032" + bytes(30), "image/vnd.dwg"),
    ("notes.txt", "管道走向说明\n".encode(), "text/plain"),
])
def test_each_allowed_file_type_is_recognised_by_its_content(uploader, name, content, mime_type):
    """Images, Office files, DWG drawings and UTF-8 text are accepted with their MIME type."""
    memo = MemoFactory()

    attachment = attachment_add(record=memo, uploaded_file=_upload(name, content), by=uploader)

    assert attachment.mime_type == mime_type
    assert attachment.file.name.endswith(os.path.splitext(name)[1].lower())


def test_the_original_name_keeps_only_the_last_path_part_and_at_most_255_characters():
    """Browsers may send a full Windows path; overlong names are cut, keeping the extension."""
    long_name = "图" * 300 + ".pdf"

    assert safe_original_name("C:\\Users\\张三\\桌面\\报装图.pdf") == "报装图.pdf"
    assert safe_original_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_original_name("a\x00b\r\n.pdf") == "ab.pdf"
    assert len(safe_original_name(long_name)) == 255
    assert safe_original_name(long_name).endswith(".pdf")


# --- Refusals -----------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(settings, uploader):
    """Over ATTACHMENT_MAX_BYTES: refused with the limit in MB; no row and no stored file."""
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    memo = MemoFactory()
    before = _stored_files()

    with pytest.raises(ValidationError) as refused:
        attachment_add(record=memo, uploaded_file=_upload("big.pdf", PDF + bytes(1024 * 1024)),
                       by=uploader)

    assert "big.pdf" in refused.value.messages[0]
    assert "1 MB" in refused.value.messages[0]
    assert not Attachment.objects.exists()
    assert _stored_files() == before


def test_a_file_larger_than_its_declared_size_is_still_cut_off_at_the_limit(settings, uploader):
    """The limit is counted on the bytes streamed, not on the size the client declared."""
    settings.ATTACHMENT_MAX_BYTES = 1000
    upload = _upload("big.pdf", PDF + bytes(2000))
    upload.size = 100
    before = _stored_files()

    with pytest.raises(ValidationError, match="big.pdf"):
        attachment_add(record=MemoFactory(), uploaded_file=upload, by=uploader)

    assert not Attachment.objects.exists()
    assert _stored_files() == before


@pytest.mark.parametrize(("name", "content", "code"), [
    ("invoice.pdf", EXE, "file_type"),
    ("drawing.png", PDF, "extension_mismatch"),
    ("notes.txt", "GBK 编码的说明".encode("gbk"), "not_utf8"),
    ("archive.zip", _office("word/"), "file_type"),
    ("budget.docx", _office("xl/"), "damaged"),
    ("budget.xlsx", b"PK\x03\x04" + bytes(40), "damaged"),
    ("script.html", b"<html><script>alert(1)</script></html>", "file_type"),
    ("empty.pdf", b"", "empty"),
])
def test_files_whose_content_is_not_an_allowed_type_or_disagrees_with_the_name_are_refused(
        uploader, name, content, code):
    """The bytes decide: an .exe renamed .pdf, a PDF named .png, GBK text … are refused."""
    before = _stored_files()

    with pytest.raises(ValidationError) as refused:
        attachment_add(record=MemoFactory(), uploaded_file=_upload(name, content), by=uploader)

    assert refused.value.code == code
    assert name in refused.value.messages[0]
    assert not Attachment.objects.exists()
    assert _stored_files() == before


def test_the_refusal_of_an_unknown_type_lists_the_allowed_types(uploader):
    """The message says which types may be attached."""
    with pytest.raises(ValidationError) as refused:
        attachment_add(record=MemoFactory(), uploaded_file=_upload("setup.pdf", EXE),
                       by=uploader)

    assert "PDF, PNG, JPG, JPEG" in refused.value.messages[0]
    assert "DWG" in refused.value.messages[0]


# --- Failures leave nothing behind --------------------------------------------------------------


def test_a_full_disk_while_storing_leaves_no_row_and_no_file(monkeypatch, uploader):
    """ENOSPC from the storage becomes a clear message; neither row nor file is left."""
    def full_disk(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(InMemoryStorage, "_save", full_disk)
    before = _stored_files()

    with pytest.raises(ValidationError) as refused:
        attachment_add(record=MemoFactory(), uploaded_file=_upload("图纸.pdf", PDF), by=uploader)

    message = refused.value.messages[0]
    assert message == gettext("%(name)s was not saved: the server's disk is full. "
                              "Please tell the system administrator.") % {"name": "图纸.pdf"}
    assert "No space left" not in message
    assert not Attachment.objects.exists()
    assert _stored_files() == before


def test_a_full_disk_while_writing_the_temporary_file_leaves_nothing_on_disk(
        settings, tmp_path, monkeypatch, uploader):
    """On a FileSystemStorage a failed temporary write is removed and reported clearly."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)}}}
    real_temporary_file = attachments_storage.tempfile.NamedTemporaryFile

    class FullDisk:
        def __init__(self, **kwargs):
            self.file = real_temporary_file(**kwargs)
            self.name = self.file.name

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            self.file.close()

    monkeypatch.setattr(attachments_storage.tempfile, "NamedTemporaryFile", FullDisk)

    with pytest.raises(ValidationError, match="图纸.pdf"):
        attachment_add(record=MemoFactory(), uploaded_file=_upload("图纸.pdf", PDF), by=uploader)

    assert not Attachment.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_on_a_filesystem_storage_the_checked_file_is_moved_into_place(settings, tmp_path,
                                                                       uploader):
    """The temporary copy lives under MEDIA_ROOT and is renamed to the generated name."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)}}}

    attachment = attachment_add(record=MemoFactory(), uploaded_file=_upload("a.pdf", PDF),
                                by=uploader)

    stored = tmp_path / attachment.file.name
    assert stored.read_bytes() == PDF
    assert oct(stored.stat().st_mode & 0o777) == oct(settings.FILE_UPLOAD_PERMISSIONS)
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == [stored]


def test_a_failure_while_creating_the_row_removes_the_stored_file(monkeypatch, uploader):
    """No file without a record: if the row cannot be saved, the stored file is deleted."""
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    memo = MemoFactory()
    monkeypatch.setattr(Attachment, "save", broken_save)
    before = _stored_files()

    with pytest.raises(RuntimeError):
        attachment_add(record=memo, uploaded_file=_upload("a.pdf", PDF), by=uploader)

    assert _stored_files() == before
    assert not Attachment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_to_one_record_are_numbered_without_gaps_or_duplicates():
    """4 threads × 5 uploads on PostgreSQL give 附件1 … 附件20, each number once."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    memo, uploader = MemoFactory(), UserFactory()
    errors = []
    barrier = threading.Barrier(4)

    def worker():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    attachment_add(record=memo, uploaded_file=_upload("a.pdf", PDF), by=uploader)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert [a.sequence for a in attachments_for(memo)] == list(range(1, 21))


# --- Voiding, never deleting --------------------------------------------------------------------


def test_voiding_needs_a_reason(uploader):
    """A blank reason is refused on the reason field and nothing changes."""
    attachment = attachment_add(record=MemoFactory(), uploaded_file=_upload("a.pdf", PDF),
                                by=uploader)

    with pytest.raises(ValidationError) as refused:
        attachment_void(attachment=attachment, by=uploader, reason="  ")

    assert "reason" in refused.value.message_dict
    attachment.refresh_from_db()
    assert not attachment.voided


def test_voiding_keeps_the_row_and_the_file_and_records_who_and_when(uploader):
    """The attachment is marked void with reason, user and time; its file stays readable."""
    memo, archivist = MemoFactory(), UserFactory()
    attachment = attachment_add(record=memo, uploaded_file=_upload("a.pdf", PDF), by=uploader)

    voided = attachment_void(attachment=attachment, by=archivist, reason="上传错误，已重新上传")

    voided.refresh_from_db()
    assert (voided.voided, voided.void_reason, voided.voided_by) == (True, "上传错误，已重新上传",
                                                                      archivist)
    assert voided.voided_at is not None
    assert default_storage.exists(voided.file.name)
    assert list(attachments_for(memo)) == [voided]
    assert list(attachments_for(memo, include_void=False)) == []
    assert voided.history.first().history_change_reason == "voided"


def test_an_attachment_cannot_be_voided_twice(uploader):
    """The first voiding, its reason and its author are kept."""
    attachment = attachment_add(record=MemoFactory(), uploaded_file=_upload("a.pdf", PDF),
                                by=uploader)
    attachment_void(attachment=attachment, by=uploader, reason="第一次")

    with pytest.raises(ValidationError):
        attachment_void(attachment=attachment, by=UserFactory(), reason="第二次")

    attachment.refresh_from_db()
    assert (attachment.void_reason, attachment.voided_by) == ("第一次", uploader)


def test_attachments_cannot_be_deleted(uploader):
    """Deleting one attachment or all of them raises; row and file stay."""
    attachment = attachment_add(record=MemoFactory(), uploaded_file=_upload("a.pdf", PDF),
                                by=uploader)

    with pytest.raises(HardDeleteForbidden):
        attachment.delete()
    with pytest.raises(HardDeleteForbidden):
        Attachment.objects.all().delete()

    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert default_storage.exists(attachment.file.name)


# --- Serving ------------------------------------------------------------------------------------


def test_the_response_streams_the_file_under_its_original_chinese_name(uploader):
    """Content-Disposition carries the name (RFC 5987); the browser may not sniff or cache."""
    attachment = attachment_add(record=MemoFactory(), uploaded_file=_upload("报装图纸.pdf", PDF),
                                by=uploader)

    response = attachment_response(attachment=attachment)

    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E6%8A%A5%E8%A3%85%E5%9B%BE%E7%BA%B8.pdf")
    assert response["Content-Length"] == str(len(PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_text_is_served_as_utf8_and_inline_when_asked(uploader):
    """Text gets an explicit charset; as_attachment=False shows the file in the browser."""
    attachment = attachment_add(record=MemoFactory(),
                                uploaded_file=_upload("说明.txt", "说明".encode()), by=uploader)

    response = attachment_response(attachment=attachment, as_attachment=False)

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline; ")


# --- Views --------------------------------------------------------------------------------------


def test_a_permitted_user_downloads_an_attachment_and_the_read_is_logged(client, uploader):
    """200 with the bytes, and one AccessLog 'view' entry on the owning record."""
    memo = MemoFactory()
    attachment_add(record=memo, uploaded_file=_upload("a.pdf", PDF), by=uploader)
    reader = UserFactory()
    assign_perm("testapp.view_memo", reader, memo)
    client.force_login(reader)

    response = client.get(reverse("memo-attachment", args=[memo.pk, 1]), REMOTE_ADDR="10.1.1.1")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    entry = access_log_for(memo).get()
    assert (entry.user, entry.action, entry.grant, entry.ip_address) == (
        reader, "view", "test_grant", "10.1.1.1")


def test_a_user_without_permission_gets_404_and_no_read_is_logged(client, uploader):
    """An invisible record's attachment looks absent."""
    memo = MemoFactory()
    attachment_add(record=memo, uploaded_file=_upload("a.pdf", PDF), by=uploader)
    client.force_login(UserFactory())

    response = client.get(reverse("memo-attachment", args=[memo.pk, 1]))

    assert response.status_code == 404
    assert not access_log_for(memo).exists()


def test_a_missing_attachment_number_is_404(client):
    """附件9 of a record with no attachments does not exist."""
    memo, reader = MemoFactory(), UserFactory()
    assign_perm("testapp.view_memo", reader, memo)
    client.force_login(reader)

    response = client.get(reverse("memo-attachment", args=[memo.pk, 9]))

    assert response.status_code == 404
    assert not access_log_for(memo).exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, uploader):
    """No download without logging in."""
    memo = MemoFactory()
    attachment_add(record=memo, uploaded_file=_upload("a.pdf", PDF), by=uploader)

    response = client.get(reverse("memo-attachment", args=[memo.pk, 1]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_user_who_may_change_the_record_uploads_a_file(client):
    """302 back to `next`, a success message, and 附件1 uploaded by that user."""
    memo, editor = MemoFactory(), UserFactory()
    assign_perm("testapp.view_memo", editor, memo)
    assign_perm("testapp.change_memo", editor, memo)
    client.force_login(editor)

    response = client.post(reverse("memo-attachment-upload", args=[memo.pk]), {
        "file": _upload("复函.pdf", PDF), "kind": "letter", "title": "复函",
        "next": f"/memo/{memo.pk}/"})

    assert (response.status_code, response["Location"]) == (302, f"/memo/{memo.pk}/")
    attachment = attachments_for(memo).get()
    assert (attachment.sequence, attachment.uploaded_by, attachment.kind) == (1, editor, "letter")
    assert any("附件1" in message for message in _messages(response))


def test_a_user_who_may_only_view_the_record_cannot_upload(client):
    """403, and nothing is attached."""
    memo, reader = MemoFactory(), UserFactory()
    assign_perm("testapp.view_memo", reader, memo)
    client.force_login(reader)

    response = client.post(reverse("memo-attachment-upload", args=[memo.pk]),
                           {"file": _upload("a.pdf", PDF)})

    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_a_refused_upload_goes_back_with_the_reason_and_ignores_an_outside_next(client):
    """The service's message is shown; a `next` pointing off-site is replaced by the record."""
    memo, editor = MemoFactory(), UserFactory()
    assign_perm("testapp.view_memo", editor, memo)
    assign_perm("testapp.change_memo", editor, memo)
    client.force_login(editor)

    response = client.post(reverse("memo-attachment-upload", args=[memo.pk]), {
        "file": _upload("setup.pdf", EXE), "next": "https://evil.example.com/"})

    assert response["Location"] == reverse("memo-detail", args=[memo.pk])
    assert any("setup.pdf" in message for message in _messages(response))
    assert not Attachment.objects.exists()


def test_a_user_who_may_change_the_record_voids_an_attachment_with_a_reason(client, uploader):
    """The void view needs a reason and the tick of its confirmation step (issue 13); with
    both, the attachment is void and stays listed."""
    memo, editor = MemoFactory(), UserFactory()
    attachment_add(record=memo, uploaded_file=_upload("a.pdf", PDF), by=uploader)
    assign_perm("testapp.view_memo", editor, memo)
    assign_perm("testapp.change_memo", editor, memo)
    client.force_login(editor)
    url = reverse("memo-attachment-void", args=[memo.pk, 1])

    step = client.get(url)
    refused = client.post(url, {"reason": "", "confirm": "on"})
    unconfirmed = client.post(url, {"reason": "重复上传"})
    still_valid = attachments_for(memo).get()
    client.post(url, {"reason": "重复上传", "confirm": "on"})

    assert step.status_code == 200 and 'data-confirm="void_attachment"' in step.content.decode()
    assert (refused.status_code, unconfirmed.status_code) == (400, 400)

    assert not still_valid.voided
    voided = attachments_for(memo).get()
    assert (voided.voided, voided.void_reason, voided.voided_by) == (True, "重复上传", editor)


# --- The partial --------------------------------------------------------------------------------


def test_the_partial_lists_attachments_with_links_and_strikes_through_void_ones(uploader):
    """Each row has its 附件 label and download link; void rows show their reason, struck out."""
    memo = MemoFactory()
    attachment_add(record=memo, uploaded_file=_upload("报装图.pdf", PDF), by=uploader)
    attachment = attachment_add(record=memo, uploaded_file=_upload("旧图.png", PNG), by=uploader)
    attachment_void(attachment=attachment, by=uploader, reason="图纸作废")
    request = RequestFactory().get(f"/memo/{memo.pk}/")
    request.user = uploader
    context = attachments_context(
        memo, download_url_name="memo-attachment",
        upload_url=reverse("memo-attachment-upload", args=[memo.pk]),
        void_url_name="memo-attachment-void")

    html = render_to_string("includes/attachments.html", context, request=request)

    assert "附件1" in html and "附件2" in html
    assert reverse("memo-attachment", args=[memo.pk, 1]) in html
    assert reverse("memo-attachment-void", args=[memo.pk, 1]) in html
    assert "图纸作废" in html
    assert 'class="attachment-void text-muted"' in html
    assert 'enctype="multipart/form-data"' in html
    assert f'name="next" value="/memo/{memo.pk}/"' in html


def test_the_partial_has_no_upload_form_without_an_upload_url(uploader):
    """Read-only pages pass no upload_url and get no form."""
    memo = MemoFactory()
    request = RequestFactory().get("/")
    request.user = uploader
    context = attachments_context(memo, download_url_name="memo-attachment")

    html = render_to_string("includes/attachments.html", context, request=request)

    assert "multipart/form-data" not in html


# --- The package keeps the module's names ------------------------------------------------------
PUBLIC_NAMES = (
    "ALLOWED_EXTENSIONS", "CHUNK_SIZE", "DEFAULT_MAX_BYTES", "DOC", "DOCX", "DWG", "FILE_TYPES",
    "FileType", "GIF", "JPEG", "NAME_MAX_LENGTH", "PDF", "PNG", "STORAGE_DIR", "TEMPORARY_DIR",
    "TEXT", "TIFF", "XLS", "XLSX", "attachment_add", "attachment_get", "attachment_response",
    "attachment_void", "attachments_context", "attachments_for", "max_bytes",
    "safe_original_name", "sniff_file_type",
)


def test_every_name_of_the_former_module_is_still_importable_from_core_attachments():
    """core/attachments.py became a package: callers keep importing from core.attachments."""
    import core.attachments

    assert [name for name in PUBLIC_NAMES if not hasattr(core.attachments, name)] == []
    assert sorted(core.attachments.__all__) == sorted(PUBLIC_NAMES)


def test_no_module_of_the_attachments_package_exceeds_400_lines():
    """Each part of core.attachments stays under the project's module size."""
    from pathlib import Path

    import core.attachments

    folder = Path(core.attachments.__file__).parent
    assert {path.name: len(path.read_text(encoding="utf-8").splitlines())
            for path in folder.glob("*.py")
            if len(path.read_text(encoding="utf-8").splitlines()) > 400} == {}
