"""E-mails of the approval engine (Django's mail API; the console backend in development).

Only the people who can decide a step are told about it — the holders of the role in the
step's department, or the named user, and their delegates of the day — never every holder
of the role company-wide. Failures to send are logged, never lost silently, and never undo
the decision that was already committed.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _send(subject: str, body: str, recipients: list[str]) -> int:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    try:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # noqa: BLE001 - a mail server outage must not break approvals
        logger.exception("approval mail to %s failed: %s", recipients, subject)
        return 0


def _link(path: str) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{path}" if path else ""


def step_waiting(step_id: int, *, reminder: bool = False) -> int:
    """Mail the people who can decide the step now. Returns the number of mails sent."""
    from approvals.models import ApprovalStep
    from approvals.selectors import step_recipients

    step = ApprovalStep.objects.select_related("request", "role__role", "department",
                                               "user").get(pk=step_id)
    recipients = list(step_recipients(step).values_list("email", flat=True))
    request = step.request
    with translation.override(settings.LANGUAGE_CODE):
        prefix = _("[Reminder, overdue] ") if reminder else ""
        subject = prefix + _("Waiting for your approval: %(title)s") % {"title": request.title}
        due = date_format(timezone.localtime(step.due_at), "Y-m-d H:i") if step.due_at else "—"
        body = "\n".join([
            _("%(title)s (round %(round)s) waits for the decision of: %(step)s.")
            % {"title": request.title, "round": request.round, "step": step.decider_label()},
            _("Submitted by %(user)s.") % {"user": request.submitted_by},
            _("Due: %(due)s.") % {"due": due},
            _("Approval inbox: %(url)s") % {"url": _link(reverse("approvals:inbox"))},
        ])
    return _send(subject, body, recipients)


def request_finished(request_id: int) -> int:
    """Mail the submitter the final decision of their request."""
    from approvals.models import ApprovalRequest

    request = ApprovalRequest.objects.select_related("submitted_by").get(pk=request_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Approval %(status)s: %(title)s") % {
            "status": request.get_status_display(), "title": request.title}
        last = (request.steps.filter(decisions__isnull=False).order_by("-position").first())
        comment = ""
        if last is not None:
            decision = last.decisions.order_by("-decided_at").select_related("decided_by").first()
            comment = _("Last decision by %(user)s: %(comment)s") % {
                "user": decision.decided_by, "comment": decision.comment or "—"}
        body = "\n".join(filter(None, [
            _("Your request %(title)s (round %(round)s) was %(status)s.")
            % {"title": request.title, "round": request.round,
               "status": request.get_status_display()},
            comment,
            _link(request.url),
        ]))
    return _send(subject, body, [request.submitted_by.email])
