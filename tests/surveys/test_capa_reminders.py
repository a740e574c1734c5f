"""Overdue actions are reminded once a day to the owner and the office
(`manage.py send_capa_reminders`)."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from complaints.surveys.models import CorrectiveAction
from complaints.surveys.services.capa_reminders import capa_reminders_send
from tests.surveys.factories import make_action
from tests.surveys.factories_capa import make_team, walk

pytestmark = pytest.mark.django_db
S = CorrectiveAction.Status


def test_overdue_open_actions_are_mailed_once_a_day():
    team = make_team()
    late = walk(make_action(number="JZ-1999-000201"), team, S.ASSIGNED)
    on_time = walk(make_action(number="JZ-1999-000202"), team, S.ASSIGNED)
    done = walk(make_action(number="JZ-1999-000203"), team, S.AWAITING_CHECK)
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    CorrectiveAction.objects.filter(pk__in=[late.pk, done.pk]).update_unrecorded(due_on=yesterday)

    out = io.StringIO()
    call_command("send_capa_reminders", stdout=out)

    assert "Reminded 1 " in out.getvalue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert late.number in message.subject
    office = {u.email for u in User.objects.with_role("office")}
    assert set(message.to) == {team.owner.email} | office
    assert team.office.email in office
    late.refresh_from_db()
    assert late.reminded_on == timezone.localdate()
    assert on_time.number not in message.body

    assert capa_reminders_send() == (0, 0)  # the same day: nothing again
    assert capa_reminders_send(today=timezone.localdate() + timezone.timedelta(days=1)) == (1, 1)
