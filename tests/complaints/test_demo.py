"""seed_demo's complaints (issue 11, point 9): every state, one in the general manager's inbox,
one overdue, a safety hazard, an incident with three linked complaints; built through the
services (timeline, history, approval rounds) and not repeated by a second run."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from approvals.models import ApprovalRequest
from approvals.selectors import pending_request_for
from complaints.demo import MARK
from complaints.models import Channel, Complaint, ComplaintEvent
from complaints.selectors import complaints_overdue

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_complaints_in_every_state_once(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())
    demo = Complaint.objects.filter(text__endswith=MARK)
    count = demo.count()
    call_command("seed_demo", stdout=io.StringIO())

    assert demo.count() == count
    assert set(demo.values_list("status", flat=True)) == set(Complaint.Status.values)
    gm = User.objects.get(username="gm")
    waiting = [c for c in demo.filter(status=Complaint.Status.IN_APPROVAL)
               if pending_request_for(c).steps.filter(status="pending", role__role__code="gm")
               .exists()]
    assert waiting
    assert complaints_overdue(user=gm).filter(text__endswith=MARK).exists()
    assert demo.filter(is_safety_hazard=True, urgency="urgent").exists()
    incident = demo.get(is_incident=True)
    assert incident.linked.count() == 3
    assert demo.filter(reopen_count__gt=0).exists()
    assert demo.filter(channel=Channel.WEB, received_by=None).exists()
    assert demo.filter(status=Complaint.Status.HANDLING,
                       events__code=ComplaintEvent.Code.REJECTED).exists()
    # Built through the services: a timeline and a history row for every complaint.
    for complaint in demo:
        assert complaint.events.exists() and complaint.history.exists()
    assert ApprovalRequest.objects.filter(
        content_type__app_label="complaints").count() >= 8
