"""The daily reminders of overdue corrective/preventive actions (issue 12, part 6), sent by
`manage.py send_capa_reminders` (cron, once a day): an open action past its due date is mailed
to its owner and to the company office, at most once a day: the day is claimed on its row with
a conditional UPDATE before mailing (a bookkeeping column, the named unrecorded update), so two
runs at the same time cannot both mail it. Mails name the action, its dimension and due date,
never a customer."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import OFFICE
from complaints.surveys.models import CorrectiveAction
from complaints.surveys.selectors.capa import overdue_q

logger = logging.getLogger(__name__)


def recipients(action: CorrectiveAction) -> list[str]:
    """The owner and the office's members, by e-mail address."""
    users = [action.owner, *get_user_model().objects.with_role(OFFICE)]
    return sorted(
        {user.email for user in users if user is not None and user.is_active and user.email}
    )


def _mail(action: CorrectiveAction, addresses: list[str]) -> int:
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[Corrective action overdue] %(number)s") % {"number": action.number}
        if action.dimension_name:
            subject += f" {action.dimension_name}"
        base = getattr(settings, "SITE_URL", "").rstrip("/")
        body = "\n".join(
            [
                _("Corrective/preventive action %(number)s is %(status)s.")
                % {"number": action.number, "status": action.get_status_display()},
                _("Due on: %(due)s.") % {"due": action.due_on.isoformat()},
                _("Owner: %(owner)s (%(department)s).")
                % {"owner": action.owner or "—", "department": action.owner_department or "—"},
                f"{base}{action.get_absolute_url()}",
            ]
        )
    try:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
    except Exception:  # noqa: BLE001 - a mail server outage must not stop the other reminders
        logger.exception("CAPA reminder to %s failed: %s", addresses, subject)
        return 0


def capa_reminders_send(today=None) -> tuple[int, int]:
    """Remind every overdue open action not yet mailed today; returns the number of actions
    reminded and of mails sent."""
    today = today or timezone.localdate()
    not_today = Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    candidates = (
        CorrectiveAction.objects.filter(overdue_q(today), not_today)
        .select_related("owner", "owner_department")
        .order_by("pk")
    )
    reminded = mails = 0
    for action in candidates:
        claimed = (
            CorrectiveAction.objects.filter(pk=action.pk)
            .filter(not_today)
            .update_unrecorded(reminded_on=today)
        )
        if not claimed:
            continue
        reminded += 1
        mails += 1 if _mail(action, recipients(action)) else 0
    return reminded, mails
