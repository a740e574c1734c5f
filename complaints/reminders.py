"""The daily reminders and escalations of overdue complaints (issue 11, point 3), sent by
`manage.py send_complaint_reminders` (cron, once a day on working days).

Who is told follows complaints.deadlines.escalation_level: level 1 — the holder of the
complaint (registered: the receiving department's head, else its receiver; being handled: the
handler, and the production co-handler while production's part is missing; awaiting feedback:
the office; awaiting approval: nobody, the approval engine reminds the GM's step); level 2 —
the department head too; level 3 — the general managers too.

A complaint is mailed at most once a day: the day is claimed on its row with a conditional
UPDATE before mailing (a bookkeeping column, the named unrecorded update), so two runs at the
same time cannot both mail it. A rise of the level is written to the complaint's timeline.
Mails name the complaint, its category and deadlines, never the customer (the recipients may
not read the archive: 第十一条).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.roles import GM, OFFICE
from complaints.deadlines import ESCALATE_GM, ESCALATE_HEAD, escalation_level
from complaints.models import Complaint
from complaints.models import ComplaintEvent as Event
from complaints.services._common import _event
from core.links import absolute_url

logger = logging.getLogger(__name__)


def _holders(complaint: Complaint) -> list:
    status, head = complaint.status, complaint.receiving_department.head
    if status == Complaint.Status.REGISTERED:
        return [head or complaint.received_by]
    if status == Complaint.Status.HANDLING:
        missing_part = (complaint.is_quality and not complaint.co_handlings.filter(
            round=complaint.reopen_count).exists())
        return [complaint.handler, complaint.co_handler if missing_part else None]
    if status == Complaint.Status.AWAITING_FEEDBACK:
        return list(get_user_model().objects.with_role(OFFICE))
    return []


def recipients(complaint: Complaint, level: int) -> list[str]:
    """The e-mail addresses told of `complaint` at `level` (module docstring)."""
    users = _holders(complaint)
    if level >= ESCALATE_HEAD:
        users.append(complaint.receiving_department.head)
    if level >= ESCALATE_GM:
        users.extend(get_user_model().objects.with_role(GM))
    return sorted({user.email for user in users if user is not None and user.is_active
                   and user.email})


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i") if moment else "—"


def _mail(complaint: Complaint, level: int, addresses: list[str]) -> int:
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        prefix = {1: _("[Complaint reminder]"), 2: _("[Complaint overdue: department head]"),
                  3: _("[Complaint overdue: general manager]")}[level]
        hazard = _(" (safety hazard)") if complaint.is_safety_hazard else ""
        subject = f"{prefix} {complaint.number} {complaint.category}{hazard}"
        url = absolute_url(complaint.get_absolute_url())
        body = "\n".join(filter(None, [
            _("Complaint %(number)s (%(category)s, %(class)s) is %(status)s.")
            % {"number": complaint.number, "category": complaint.category,
               "class": complaint.get_complaint_class_display(),
               "status": complaint.get_status_display()},
            _("First response due: %(due)s.") % {"due": _when(complaint.first_response_due)},
            _("Resolution due: %(due)s.") % {"due": _when(complaint.resolution_due)},
            _("Handler: %(user)s.") % {"user": complaint.handler or "—"},
            url,
        ]))
    try:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
    except Exception:  # noqa: BLE001 - a mail server outage must not stop the other reminders
        logger.exception("complaint reminder to %s failed: %s", addresses, subject)
        return 0


def complaint_reminders_send(now=None) -> tuple[int, int]:
    """Remind and escalate every overdue open complaint not yet mailed today; returns the
    number of complaints reminded and of mails sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    not_today = Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    due = (Q(first_responded_at__isnull=True, first_response_due__lte=now)
           | Q(resolution_due__lte=now))
    candidates = (Complaint.objects.filter(not_today, due, status__in=Complaint.OPEN)
                  .select_related("receiving_department__head", "received_by", "handler",
                                  "co_handler", "category__parent").order_by("pk"))
    reminded = mails = 0
    for complaint in candidates:
        level = escalation_level(complaint, now)
        if not level:
            continue
        claimed = Complaint.objects.filter(pk=complaint.pk).filter(not_today).update_unrecorded(
            reminded_on=today, escalation_level=level)
        if not claimed:
            continue
        reminded += 1
        if level > complaint.escalation_level:
            _event(complaint, by=None, code=Event.Code.ESCALATED,
                   note=_("Level %(level)s") % {"level": level})
        mails += 1 if _mail(complaint, level, recipients(complaint, level)) else 0
    return reminded, mails
