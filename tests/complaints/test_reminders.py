"""send_complaint_reminders (daily): the holder is reminded once the first-response limit
passes, the department head after the resolution limit, the general manager after twice the
limit; never twice on one day; each rise of the level on the timeline."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from complaints.models import ComplaintEvent
from complaints.reminders import complaint_reminders_send
from tests.complaints.factories import S, make_complaint, walk

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(day, hour, minute=0):
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def late(desk):
    """A complaint received on Monday 2 March 10:00 and assigned (meter reading: first
    response by Tuesday 09:30, resolution by Thursday 10:00, twice the limit Tuesday 10th)."""
    return walk(make_complaint(desk, received_at=at(2, 10)), desk, S.HANDLING)


def _recipients():
    return [sorted(message.to) for message in mail.outbox]


def test_the_handler_is_reminded_once_a_day(desk, late):
    assert complaint_reminders_send(now=at(3, 9)) == (0, 0)  # nothing due yet

    assert complaint_reminders_send(now=at(3, 10)) == (1, 1)
    assert complaint_reminders_send(now=at(3, 16)) == (0, 0)
    assert complaint_reminders_send(now=at(4, 10)) == (1, 1)

    assert _recipients() == [[desk.handler.email]] * 2
    assert late.number in mail.outbox[0].subject
    assert "13812345678" not in mail.outbox[0].body and "王" not in mail.outbox[0].body


def test_the_head_after_the_limit_and_the_gm_after_twice_the_limit(desk, late):
    complaint_reminders_send(now=at(3, 10))
    complaint_reminders_send(now=at(5, 11))
    complaint_reminders_send(now=at(5, 15))  # the same day: nothing
    complaint_reminders_send(now=at(10, 11))

    assert _recipients() == [
        [desk.handler.email],
        sorted([desk.handler.email, desk.head.email]),
        sorted([desk.handler.email, desk.head.email, desk.gm.email]),
    ]
    late.refresh_from_db()
    assert (late.escalation_level, late.reminded_on) == (3, datetime.date(2026, 3, 10))
    assert list(ComplaintEvent.objects.filter(complaint=late, code="escalated")
                .values_list("by", flat=True)) == [None, None, None]


def test_a_first_response_stops_the_first_reminder(desk, late):
    late.first_responded_at = at(2, 11)
    late.save(update_fields=["first_responded_at"])

    assert complaint_reminders_send(now=at(3, 10)) == (0, 0)


def test_an_unassigned_complaint_reminds_the_department_head(desk):
    make_complaint(desk, received_at=at(2, 10))

    complaint_reminders_send(now=at(3, 10))

    assert _recipients() == [[desk.head.email]]


def test_the_command_mails_once_however_often_it_runs(desk, capsys):
    walk(make_complaint(desk, received_at=timezone.now() - datetime.timedelta(days=60)), desk,
         S.HANDLING)

    call_command("send_complaint_reminders")
    call_command("send_complaint_reminders")

    assert len(mail.outbox) == 1
    assert desk.gm.email in mail.outbox[0].to
    out = capsys.readouterr().out
    assert "Reminded 1 overdue complaints (1 mails)." in out
    assert "Reminded 0 overdue complaints (0 mails)." in out
