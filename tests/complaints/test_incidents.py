"""Incidents (one outage, many callers): the incident's feedback is copied to each linked
complaint — one row each, marked as a copy — and each is then called back and closed in its
own right."""

import pytest
from django.core.exceptions import ValidationError

from complaints import services
from complaints.actions import complaint_actions
from complaints.models import ComplaintEvent, ComplaintFeedback
from tests.complaints.factories import RESULT, S, make_complaint, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(desk):
    incident = make_complaint(desk, category_code="outage", text="翠湖小区停气",
                              is_incident=True)
    return walk(incident, desk, S.HANDLING)


def _callers(desk, incident, count=3):
    callers = []
    for n in range(count):
        child = make_complaint(desk, category_code="outage", caller_name=f"住户{n}")
        if n == 0:  # one of them already being handled
            child = walk(child, desk, S.HANDLING)
        services.complaint_link_incident(complaint=child, incident=incident, by=desk.receiver)
        child.refresh_from_db()
        callers.append(child)
    return callers


def test_the_incidents_feedback_is_copied_to_every_linked_complaint(desk, incident):
    children = _callers(desk, incident)
    incident = walk(incident, desk, S.AWAITING_FEEDBACK)

    original = services.complaint_record_feedback(
        complaint=incident, by=desk.office, method="sms", content="管道抢修完毕，已恢复供气",
        customer_reply="")

    copies = ComplaintFeedback.objects.filter(copied_from=original).order_by("complaint_id")
    assert [copy.complaint_id for copy in copies] == [child.pk for child in children]
    assert {(copy.content, copy.method, copy.given_by_id) for copy in copies} == {
        ("管道抢修完毕，已恢复供气", "sms", desk.office.pk)}
    for child in children:
        before = child.status
        child.refresh_from_db()
        assert child.status == S.FEEDBACK_GIVEN
        event = ComplaintEvent.objects.filter(complaint=child).latest("id")
        assert (event.code, event.by, event.from_status, event.note) == (
            "feedback_copied", desk.office, before, incident.number)
    assert ComplaintFeedback.objects.count() == 4


def test_each_linked_complaint_is_called_back_and_closed_in_its_own_right(desk, incident):
    children = _callers(desk, incident)
    incident = walk(incident, desk, S.FEEDBACK_GIVEN)

    for child in children[:2]:
        child.refresh_from_db()
        walk(child, desk, S.CLOSED)
    last = children[2]
    last.refresh_from_db()

    assert [c.status for c in (children[0], children[1])] == [S.CLOSED, S.CLOSED]
    assert last.status == S.FEEDBACK_GIVEN
    assert incident.status == S.FEEDBACK_GIVEN
    assert ComplaintEvent.objects.filter(code="closed").count() == 2


def test_a_dissatisfied_caller_is_reopened_and_handled_on_his_own(desk, incident):
    child = _callers(desk, incident, count=1)[0]
    walk(incident, desk, S.FEEDBACK_GIVEN)
    child.refresh_from_db()

    services.complaint_record_callback(complaint=child, by=desk.office, result="dissatisfied",
                                       comment="家里还是没气")
    child.refresh_from_db()

    assert (child.status, child.parent, child.reopen_count) == (S.HANDLING, None, 1)
    assert complaint_actions(user=desk.handler, complaint=child).submit


def test_a_linked_complaint_is_not_submitted_by_itself(desk, incident):
    child = _callers(desk, incident, count=1)[0]

    assert not complaint_actions(user=desk.handler, complaint=child).submit
    with pytest.raises(ValidationError):
        services.complaint_submit(complaint=child, by=desk.handler, **RESULT)
    with pytest.raises(ValidationError):
        services.complaint_record_feedback(complaint=child, by=desk.office, method="phone",
                                           content="x")


def test_only_an_incident_not_answered_yet_takes_linked_complaints(desk, incident):
    plain = walk(make_complaint(desk), desk, S.HANDLING)
    caller = make_complaint(desk)

    with pytest.raises(ValidationError) as not_incident:
        services.complaint_link_incident(complaint=caller, incident=plain, by=desk.receiver)
    walk(incident, desk, S.FEEDBACK_GIVEN)
    incident.refresh_from_db()
    with pytest.raises(ValidationError) as answered:
        services.complaint_link_incident(complaint=caller, incident=incident, by=desk.receiver)

    assert "parent" in not_incident.value.message_dict
    assert "parent" in answered.value.message_dict


def test_a_complaint_is_marked_an_incident_by_its_department(desk):
    complaint = make_complaint(desk)

    services.complaint_mark_incident(complaint=complaint, by=desk.receiver)
    complaint.refresh_from_db()

    assert complaint.is_incident
    assert not complaint_actions(user=desk.receiver, complaint=complaint).mark_incident
    assert ComplaintEvent.objects.filter(complaint=complaint, code="marked_incident",
                                         by=desk.receiver).exists()
