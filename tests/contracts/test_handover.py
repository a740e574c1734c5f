"""第十条: attachments of a contract, completion, hand-over to the archivist, read-only after."""


import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts import services
from contracts.models import Contract
from tests.accounts.factories import UserFactory
from tests.contracts.conftest import approved_installation
from tests.customers.factories import DRAWING

pytestmark = pytest.mark.django_db



def _upload(client, contract, name="竣工图.pdf"):
    return client.post(f"/contracts/{contract.pk}/files/", {
        "file": SimpleUploadedFile(name, DRAWING, content_type="application/pdf"),
        "kind": "drawing", "next": contract.get_absolute_url()})


def test_the_drafter_attaches_numbered_files_that_readers_can_download(client, signed, gm):
    """附件1, 附件2 in upload order; the GM downloads; an unrelated user gets 404."""
    client.force_login(signed.created_by)
    _upload(client, signed)
    _upload(client, signed, "函件.pdf")

    client.force_login(gm)
    download = client.get(f"/contracts/{signed.pk}/files/2/")
    client.force_login(UserFactory(roles=["staff"]))
    hidden = client.get(f"/contracts/{signed.pk}/files/1/")

    assert download.status_code == 200
    assert "函件.pdf" in download["Content-Disposition"] or "%E5%87%BD" in download[
        "Content-Disposition"]
    assert hidden.status_code == 404


def test_only_the_drafter_attaches(client, signed, gm):
    """Readers cannot add material to the contract."""
    client.force_login(gm)

    assert _upload(client, signed).status_code == 403


def test_a_contract_is_handed_over_and_then_read_only(client, signed):
    """Completed → hand-over list with the contract and its attachments → the archivist
    receives it with a location → archived: no more attachments, payments or changes."""
    archivist = UserFactory(roles=["archivist"])
    client.force_login(signed.created_by)
    _upload(client, signed)

    with pytest.raises(ValidationError):
        services.handover_prepare(contract=signed, by=signed.created_by)
    services.contract_finish(contract=signed, by=signed.created_by)
    handover = services.handover_prepare(contract=signed, by=signed.created_by)
    with pytest.raises(PermissionDenied):
        services.handover_receive(handover=handover, by=signed.created_by, location="A-1")
    services.handover_receive(handover=handover, by=archivist, location="档案室 A-03-12")

    signed.refresh_from_db()
    assert signed.status == Contract.Status.ARCHIVED
    assert [item["no"] for item in handover.items] == [0, 1]
    assert _upload(client, signed).status_code == 403
    page = client.get(signed.get_absolute_url()).content.decode()
    assert "档案室 A-03-12" in page
    with pytest.raises(ValidationError):
        services.contract_finish(contract=signed, by=signed.created_by)


def test_termination_needs_a_reason(signed):
    """A terminated contract says why."""
    with pytest.raises(ValidationError):
        services.contract_finish(contract=signed, by=signed.created_by, terminated=True)

    finished = services.contract_finish(contract=signed, by=signed.created_by, terminated=True,
                                        reason="用户撤销报装")

    assert finished.status == Contract.Status.TERMINATED


def test_a_view_only_grant_reads_the_contract_but_cannot_print_it(client, signed, gm):
    """第十一条: printing a contract (full identity) needs full rights or a print grant."""
    from approvals.selectors import pending_request_for
    from approvals.services import approval_decide
    from customers.services import access_request_create

    reader = UserFactory(roles=["office"])
    request = access_request_create(requester=reader, customers=[signed.customer],
                                    purpose="核对合同", scope="view", days=3)
    approval_decide(step=pending_request_for(request).steps.get(), by=gm, approve=True)
    client.force_login(reader)

    assert client.get(signed.get_absolute_url()).status_code == 200
    assert client.get(f"/contracts/{signed.pk}/print/").status_code == 403


def test_a_broken_clause_template_is_refused_at_signing_with_a_message():
    """An administrator's typo in a placeholder gives a validation error, not a crash."""
    staff = UserFactory(roles=["staff"])
    contract = approved_installation(staff)
    template = contract.contract_type.current_template()
    template.body = "金额：{amout}"
    template.save()

    with pytest.raises(ValidationError):
        services.contract_sign(contract=contract, by=staff)


def test_a_signed_contract_changes_only_through_numbered_amendments(client, signed):
    """补充协议: the signed text stays; amendments are numbered and signed in turn."""
    client.force_login(signed.created_by)
    frozen = signed.signed_text

    client.post(reverse("contracts:amend", args=[signed.pk]), {"title": "延长工期",
                                                           "text": "工期顺延十五天。"})
    amendment = signed.amendments.get()
    client.post(reverse("contracts:sign_amendment", args=[signed.pk]),
                {"amendment": amendment.pk})
    second = services.amendment_create(contract=signed, by=signed.created_by, title="增加表具",
                                       text="增加一台热水器。")

    amendment.refresh_from_db()
    signed.refresh_from_db()
    assert amendment.number == f"{signed.number}-BC1" and amendment.signed_on is not None
    assert second.sequence == 2
    assert signed.signed_text == frozen
    with pytest.raises(ValidationError):
        services.amendment_sign(amendment=amendment, by=signed.created_by)


def test_contract_attachments_are_checked_by_content_and_voided_not_deleted(client, signed):
    """An executable named .pdf is refused; a wrong upload is voided with a reason."""
    client.force_login(signed.created_by)
    refused = client.post(f"/contracts/{signed.pk}/files/", {
        "file": SimpleUploadedFile("合同.pdf", b"MZ\x90\x00fake", content_type="application/pdf")},
        follow=True)
    _upload(client, signed)
    client.post(f"/contracts/{signed.pk}/files/1/void/", {"reason": "传错文件", "confirm": "on"})

    from core.attachments import attachments_for

    attachment = attachments_for(signed).get()
    assert "合同.pdf" in refused.content.decode()
    assert attachment.voided and attachment.void_reason == "传错文件"


def test_the_archivist_finds_hand_overs_waiting_to_be_received(client, signed):
    """The archivist's contract list opens on the hand-overs not yet received."""
    services.contract_finish(contract=signed, by=signed.created_by)
    services.handover_prepare(contract=signed, by=signed.created_by)
    client.force_login(UserFactory(roles=["archivist"]))

    html = client.get("/contracts/").content.decode()

    assert signed.number in html
