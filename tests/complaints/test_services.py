"""Every transition of a complaint (篇二 §7): the allowed user moves it, a refused user gets a
message saying who may, the wrong state is named, and the history and the timeline record the
acting user."""

import contextlib
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from approvals.models import ApprovalRequest
from complaints import services
from complaints.actions import RULES
from complaints.models import Complaint, ComplaintEvent
from complaints.services import complaint_problems
from tests.accounts.factories import UserFactory
from tests.complaints.factories import RESULT, S, approve, category, make_complaint, walk

pytestmark = pytest.mark.django_db


def refused(action):
    """A PermissionDenied carrying the rule's message saying who may take `action`."""
    return pytest.raises(PermissionDenied, match=re.escape(str(RULES[action].who_refusal)))


def _status(status):
    return re.escape(str(Complaint.Status(status).label))


@contextlib.contextmanager
def incomplete(complaint, missing):
    """A refused submission whose one problem is the quality complaint's `missing` part:
    the co-handler not assigned, or his part not recorded (§7.2)."""
    with pytest.raises(ValidationError) as caught:
        yield
    complaint.refresh_from_db()  # the result given with the refused submission rolled back
    assert caught.value.messages == complaint_problems(complaint)[-1:]
    assert (complaint.co_handler_id is None) is (missing == "co_handler")


def _last_history(complaint):
    return Complaint.history.filter(id=complaint.pk).order_by("-history_id").first()


def _last_event(complaint):
    return ComplaintEvent.objects.filter(complaint=complaint).order_by("-id").first()


def _recorded(complaint, user, code, before, after, reason=None):
    """The history row and the timeline's event name `user`, with the event's code (the
    history's reason: the code, unless given)."""
    row, event = _last_history(complaint), _last_event(complaint)
    assert (row.history_user_id, row.history_change_reason) == (user.pk, reason or code)
    assert (event.by_id, event.code, event.from_status, event.to_status) == (
        user.pk, code, before, after)


def test_registering_numbers_the_complaint_and_records_the_receiver(desk):
    """登记: TS-<year>-<6 digits>, registered, in the receiver's department, by the receiver."""
    complaint = make_complaint(desk)

    assert re.fullmatch(rf"TS-{timezone.localdate().year}-000001", complaint.number)
    assert complaint.status == S.REGISTERED
    assert complaint.receiving_department == desk.department
    _recorded(complaint, desk.receiver, "registered", S.REGISTERED, S.REGISTERED)


def test_a_safety_hazard_category_flags_the_complaint_and_makes_it_urgent(desk):
    """Gas smell: flagged from the category at intake, urgent; the receiver may flag others."""
    smell = make_complaint(desk, category_code="gas_smell")
    flagged = make_complaint(desk, is_safety_hazard=True)
    plain = make_complaint(desk)

    assert (smell.is_safety_hazard, smell.urgency) == (True, "urgent")
    assert flagged.is_safety_hazard and not plain.is_safety_hazard
    assert list(Complaint.objects.all())[:2] == sorted([smell, flagged], key=lambda c: -c.pk)


def test_only_a_member_of_a_department_registers_for_it(desk):
    """§7.1: the receiving department registers its complaints."""
    outsider = UserFactory(roles=["staff"])

    with pytest.raises(ValidationError) as caught:
        services.complaint_register(by=outsider, receiving_department=desk.department,
                                    channel="phone", category=category(),
                                    complaint_class="service", text="x", caller_name="李")

    assert "receiving_department" in caught.value.message_dict


def test_the_department_head_assigns_and_an_outsider_is_refused(desk):
    """Assigning: the receiving department's members and head; others get a 403 naming it."""
    complaint = make_complaint(desk)
    outsider = UserFactory(roles=["staff"])

    with refused("assign"):
        services.complaint_assign(complaint=complaint, by=outsider, handler=desk.handler)
    services.complaint_assign(complaint=complaint, by=desk.head, handler=desk.handler)

    complaint.refresh_from_db()
    assert (complaint.status, complaint.handler) == (S.HANDLING, desk.handler)
    _recorded(complaint, desk.head, "assigned", S.REGISTERED, S.HANDLING)


def test_the_handler_is_a_member_and_the_co_handler_holds_the_production_role(desk):
    complaint = make_complaint(desk, quality=True)

    with pytest.raises(ValidationError) as outsider:
        services.complaint_assign(complaint=complaint, by=desk.head,
                                  handler=UserFactory(roles=["staff"]))
    with pytest.raises(ValidationError) as not_production:
        services.complaint_assign(complaint=complaint, by=desk.head, handler=desk.handler,
                                  co_handler=desk.receiver)

    assert "handler" in outsider.value.message_dict
    assert "co_handler" in not_production.value.message_dict


def test_the_first_response_is_recorded_once(desk):
    complaint = walk(make_complaint(desk), desk, S.HANDLING)

    services.complaint_respond(complaint=complaint, by=desk.handler, note="已电话联系")
    complaint.refresh_from_db()

    assert complaint.first_responded_at is not None
    _recorded(complaint, desk.handler, "responded", S.HANDLING, S.HANDLING)
    with pytest.raises(ValidationError, match=_status(S.HANDLING)):
        services.complaint_respond(complaint=complaint, by=desk.handler)


def test_the_handler_submits_to_the_gm_and_others_may_not(desk):
    complaint = walk(make_complaint(desk), desk, S.HANDLING)

    with refused("submit"):
        services.complaint_submit(complaint=complaint, by=desk.receiver, **RESULT)
    request = services.complaint_submit(complaint=complaint, by=desk.handler, **RESULT)

    complaint.refresh_from_db()
    assert complaint.status == S.IN_APPROVAL
    assert (request.round, request.steps.get().role.name) == (1, "gm")
    _recorded(complaint, desk.handler, "submitted", S.HANDLING, S.IN_APPROVAL,
              reason="submitted_for_approval")


def test_an_incomplete_result_is_refused_with_every_missing_item(desk):
    complaint = walk(make_complaint(desk), desk, S.HANDLING)

    with pytest.raises(ValidationError) as caught:
        services.complaint_submit(complaint=complaint, by=desk.handler)

    assert len(caught.value.messages) == 3
    assert complaint.status == S.HANDLING
    assert not ApprovalRequest.objects.exists()


def test_a_quality_complaint_needs_the_co_handler_and_his_part(desk):
    """§7.2: handled together with 生产处: no submission without the co-handler's part."""
    complaint = make_complaint(desk, quality=True)
    services.complaint_assign(complaint=complaint, by=desk.head, handler=desk.handler)

    with incomplete(complaint, "co_handler"):
        services.complaint_submit(complaint=complaint, by=desk.handler, **RESULT)
    services.complaint_assign(complaint=complaint, by=desk.head, handler=desk.handler,
                              co_handler=desk.co_handler)
    with incomplete(complaint, "co_handling"):
        services.complaint_submit(complaint=complaint, by=desk.handler, **RESULT)
    with refused("record_co_handling"):
        services.complaint_record_co_handling(complaint=complaint, by=desk.handler, text="x")
    services.complaint_record_co_handling(complaint=complaint, by=desk.co_handler,
                                          text="压力检测正常")
    services.complaint_submit(complaint=complaint, by=desk.handler, **RESULT)

    complaint.refresh_from_db()
    assert complaint.status == S.IN_APPROVAL
    part = complaint.co_handlings.get()
    assert (part.by, part.round) == (desk.co_handler, 0)
    assert ComplaintEvent.objects.filter(complaint=complaint, code="co_handled",
                                         by=desk.co_handler).exists()


def test_the_gm_approves_and_the_office_gives_the_feedback(desk):
    complaint = walk(make_complaint(desk), desk, S.IN_APPROVAL)

    approve(complaint, desk.gm, comment="同意处理意见")
    complaint.refresh_from_db()

    assert complaint.status == S.AWAITING_FEEDBACK and complaint.resolved_at
    _recorded(complaint, desk.gm, "approved", S.IN_APPROVAL, S.AWAITING_FEEDBACK)
    assert _last_event(complaint).note == f"{_round(1)}: 同意处理意见"

    with refused("record_feedback"):
        services.complaint_record_feedback(complaint=complaint, by=desk.handler,
                                           method="phone", content="x")
    feedback = services.complaint_record_feedback(
        complaint=complaint, by=desk.office, method="phone", content="已更换表具",
        customer_reply="好的")
    complaint.refresh_from_db()

    assert (feedback.given_by, feedback.round, feedback.is_copy) == (desk.office, 0, False)
    _recorded(complaint, desk.office, "feedback", S.AWAITING_FEEDBACK, S.FEEDBACK_GIVEN)


def _round(number):
    from django.utils.translation import gettext

    return gettext("Round %(round)s") % {"round": number}


def test_feedback_in_the_wrong_state_names_the_status(desk):
    complaint = walk(make_complaint(desk), desk, S.HANDLING)

    with pytest.raises(ValidationError) as caught:
        services.complaint_record_feedback(complaint=complaint, by=desk.office,
                                           method="phone", content="x")

    assert complaint.get_status_display() in caught.value.messages[0]
    assert caught.value.code == "wrong_state"


def test_a_satisfied_call_back_then_closing(desk):
    complaint = walk(make_complaint(desk), desk, S.FEEDBACK_GIVEN)

    with pytest.raises(PermissionDenied):
        services.complaint_record_callback(complaint=complaint, by=desk.handler,
                                           result="satisfied")
    services.complaint_record_callback(complaint=complaint, by=desk.office,
                                       result="basically_satisfied", comment="还行")
    complaint.refresh_from_db()
    _recorded(complaint, desk.office, "called_back", S.FEEDBACK_GIVEN, S.CALLED_BACK)

    with pytest.raises(PermissionDenied):
        services.complaint_close(complaint=complaint, by=desk.gm)
    services.complaint_close(complaint=complaint, by=desk.office)
    complaint.refresh_from_db()

    assert complaint.status == S.CLOSED and complaint.closed_at
    _recorded(complaint, desk.office, "closed", S.CALLED_BACK, S.CLOSED)
    with pytest.raises(ValidationError) as caught:
        services.complaint_record_callback(complaint=complaint, by=desk.office,
                                           result="satisfied")
    assert complaint.get_status_display() in caught.value.messages[0]


def test_closing_without_a_call_back_needs_the_reason(desk):
    complaint = walk(make_complaint(desk), desk, S.FEEDBACK_GIVEN)

    with pytest.raises(ValidationError) as caught:
        services.complaint_close(complaint=complaint, by=desk.office)
    services.complaint_close(complaint=complaint, by=desk.office, note="三次回访均无人接听")

    assert "note" in caught.value.message_dict
    assert Complaint.objects.get(pk=complaint.pk).status == S.CLOSED


def test_the_gms_rejection_sends_it_back_with_the_reason_and_a_second_round_follows(desk):
    complaint = walk(make_complaint(desk), desk, S.IN_APPROVAL)

    approve(complaint, desk.gm, approve=False, comment="原因分析不充分")
    complaint.refresh_from_db()

    assert complaint.status == S.HANDLING
    event = _last_event(complaint)
    assert (event.code, event.by, event.from_status) == ("rejected", desk.gm, S.IN_APPROVAL)
    assert "原因分析不充分" in event.note
    assert _last_history(complaint).history_user == desk.gm

    request = services.complaint_submit(complaint=complaint, by=desk.handler,
                                        cause="表具误差超标，抄表员未复核")
    assert request.round == 2
    approve(complaint, desk.gm)
    assert Complaint.objects.get(pk=complaint.pk).status == S.AWAITING_FEEDBACK


def test_the_submitter_withdrawing_sends_it_back_to_handling(desk):
    from approvals.selectors import pending_request_for
    from approvals.services import approval_withdraw

    complaint = walk(make_complaint(desk), desk, S.IN_APPROVAL)

    approval_withdraw(request=pending_request_for(complaint), by=desk.handler)

    complaint.refresh_from_db()
    assert complaint.status == S.HANDLING
    assert _last_event(complaint).code == "withdrawn"


def test_a_dissatisfied_call_back_reopens_and_a_new_round_closes_it(desk):
    """重办: a quality complaint reopened needs production's part again, a new approval
    round, a second feedback and call-back; both rounds stay on record."""
    complaint = walk(make_complaint(desk, quality=True), desk, S.FEEDBACK_GIVEN)

    with pytest.raises(ValidationError):
        services.complaint_record_callback(complaint=complaint, by=desk.office,
                                           result="dissatisfied")
    services.complaint_record_callback(complaint=complaint, by=desk.office,
                                       result="dissatisfied", comment="表还是走得快")
    complaint.refresh_from_db()

    assert (complaint.status, complaint.reopen_count) == (S.HANDLING, 1)
    _recorded(complaint, desk.office, "reopened", S.FEEDBACK_GIVEN, S.HANDLING)
    assert complaint.resolution_due > timezone.now()
    with incomplete(complaint, "co_handling"):
        services.complaint_submit(complaint=complaint, by=desk.handler, **RESULT)

    complaint = walk(complaint, desk, S.CLOSED)

    assert complaint.status == S.CLOSED
    assert list(ApprovalRequest.objects.filter(object_id=complaint.pk)
                .values_list("round", "status")) == [(1, "approved"), (2, "approved")]
    assert list(complaint.feedbacks.values_list("round", flat=True)) == [0, 1]
    assert list(complaint.callbacks.values_list("round", "result")) == [
        (0, "dissatisfied"), (1, "satisfied")]
    assert complaint.co_handlings.count() == 2


def test_the_intake_is_corrected_by_the_department_until_submitted(desk):
    complaint = make_complaint(desk)

    services.complaint_update(complaint=complaint, by=desk.receiver, category=category(),
                              text="燃气表走得快，要求校验")
    with pytest.raises(ValidationError, match="number"):
        services.complaint_update(complaint=complaint, by=desk.receiver, number="X")
    complaint = walk(complaint, desk, S.IN_APPROVAL)
    with pytest.raises(ValidationError):
        services.complaint_update(complaint=complaint, by=desk.receiver, text="改")

    assert ComplaintEvent.objects.filter(complaint=complaint, code="edited").count() == 1


def test_material_is_attached_by_those_working_on_it_until_closed(desk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.attachments import attachments_for

    def upload():
        return SimpleUploadedFile("转办单.pdf", b"%PDF-1.4\n%%EOF\n",
                                  content_type="application/pdf")

    complaint = walk(make_complaint(desk), desk, S.HANDLING)

    services.complaint_attach(complaint=complaint, by=desk.handler, uploaded_file=upload())
    with refused("attach"):
        services.complaint_attach(complaint=complaint, by=UserFactory(roles=["staff"]),
                                  uploaded_file=upload())
    complaint = walk(complaint, desk, S.CLOSED)
    with pytest.raises(ValidationError):
        services.complaint_attach(complaint=complaint, by=desk.office, uploaded_file=upload())

    assert [a.label for a in attachments_for(complaint)] == ["附件1"]
