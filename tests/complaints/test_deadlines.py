"""The complaint's time limits in working time (complaints.deadlines): first response and
resolution from the category (a child inherits its parent's), a 12345 due date winning when
earlier, escalation at twice the limit, new limits on reopening."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from complaints.deadlines import (
    ESCALATE_GM,
    ESCALATE_HEAD,
    REMIND_HOLDER,
    add_working_days,
    complaint_deadlines,
    escalation_level,
    working_day_hours,
)
from complaints.models import Channel
from tests.complaints.factories import S, category, make_complaint, walk

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(day, hour, minute=0):
    """A moment of March 2026 in Shanghai (2 March is a Monday)."""
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=TZ)


def test_a_working_day_is_the_settings_window():
    assert working_day_hours() == Decimal("8.5")


def test_days_are_whole_working_days_over_the_weekend():
    assert add_working_days(at(2, 10), 3) == at(5, 10)
    assert add_working_days(at(6, 10), 3) == at(11, 10)  # Friday → Wednesday


def test_the_category_gives_the_three_moments():
    """抄表争议 inherits 计量与收费: first response 8 working hours, resolution 3 working days;
    escalation at twice the limit."""
    deadlines = complaint_deadlines(category=category("meter_reading"), start=at(2, 10))

    assert deadlines.first_response_due == at(3, 9, 30)
    assert deadlines.resolution_due == at(5, 10)
    assert deadlines.escalation_due == at(10, 10)


def test_a_child_with_limits_of_its_own_keeps_them():
    outage = category("outage")  # 2 hours of its own, 3 days of its parent's

    deadlines = complaint_deadlines(category=outage, start=at(2, 10))

    assert (outage.first_response_limit, outage.resolution_limit) == (Decimal("2"),
                                                                      Decimal("3"))
    assert deadlines.first_response_due == at(2, 12)


def test_a_safety_hazard_is_answered_within_the_hour():
    deadlines = complaint_deadlines(category=category("gas_smell"), start=at(2, 10))

    assert (deadlines.first_response_due, deadlines.resolution_due) == (at(2, 11), at(3, 10))


def test_an_earlier_12345_due_date_wins_and_shortens_the_escalation():
    earlier = complaint_deadlines(category=category("meter_reading"), start=at(2, 10),
                                  external_due_on=datetime.date(2026, 3, 3))
    later = complaint_deadlines(category=category("meter_reading"), start=at(2, 10),
                                external_due_on=datetime.date(2026, 3, 20))

    assert earlier.resolution_due == at(3, 17, 30)
    assert earlier.first_response_due == at(3, 9, 30)
    assert earlier.escalation_due == at(5, 16, 30)  # + the 16 working hours again
    assert later.resolution_due == at(5, 10)


def test_intake_stores_the_deadlines(desk):
    complaint = make_complaint(desk, received_at=at(2, 10), channel=Channel.HOTLINE_12345,
                               external_number="GX-1", external_due_on=datetime.date(2026, 3, 3))

    assert (complaint.first_response_due, complaint.resolution_due) == (at(3, 9, 30),
                                                                        at(3, 17, 30))


def test_the_level_rises_with_the_limits(desk):
    complaint = walk(make_complaint(desk, received_at=at(2, 10)), desk, S.HANDLING)

    assert escalation_level(complaint, at(3, 9)) == 0
    assert escalation_level(complaint, at(3, 10)) == REMIND_HOLDER
    assert escalation_level(complaint, at(5, 10)) == ESCALATE_HEAD
    assert escalation_level(complaint, at(10, 10)) == ESCALATE_GM
    complaint.first_responded_at = at(2, 11)
    assert escalation_level(complaint, at(3, 10)) == 0


def test_a_complaint_answered_is_not_late(desk):
    complaint = walk(make_complaint(desk, received_at=at(2, 10)), desk, S.FEEDBACK_GIVEN)

    assert escalation_level(complaint, at(30, 10)) == 0
    assert not complaint.is_overdue


def test_the_limits_skip_the_national_day_week_and_count_the_make_up_saturday():
    """2026: 1–7 October are holidays, Saturday 10 October is worked (调休), from the work
    calendar loaded from chinesecalendar. A meter complaint received on Wednesday 30 September
    at 10:00: 8 working hours end on Thursday 8 October at 09:30; 3 working days are 8, 9 and
    Saturday 10 October."""
    start = datetime.datetime(2026, 9, 30, 10, tzinfo=TZ)

    deadlines = complaint_deadlines(category=category("meter_reading"), start=start)

    assert deadlines.first_response_due == datetime.datetime(2026, 10, 8, 9, 30, tzinfo=TZ)
    assert deadlines.resolution_due == datetime.datetime(2026, 10, 10, 10, tzinfo=TZ)
