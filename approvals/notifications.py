"""E-mails and in-app notices of the approval engine (Django's mail API; the console backend
in development; notifications.services for the bell).

Only the people who can decide a step are told about it — the holders of the role in the
step's department, or the named user, and their delegates of the day — never every holder
of the role company-wide. Failures to send are logged, never lost silently, and never undo
the decision that was already committed. The in-app notices are written in the engine's
transaction, once per event and recipient (a reminder writes none).

Links in mails use the address of the request that caused them, read while it is served
(core.links.site_base, passed as `base` to the mail sent after the commit), else SITE_URL.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.links import absolute_url

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


def _link(path: str, base: str | None = None) -> str:
    return absolute_url(path, base=base)


def step_waiting_notice(step) -> int:
    """Tell the people who can decide `step` now in the application (its deciders and their
    delegates of the day, never the submitter): once per step."""
    from approvals.selectors import step_recipients
    from notifications.models import Notification
    from notifications.services import notify

    request = step.request
    return notify(recipients=step_recipients(step).values_list("pk", flat=True),
                  kind=Notification.Kind.STEP_WAITING, event_key=f"approval-step:{step.pk}",
                  subject=request.title, url=request.url or reverse("approvals:inbox"))


def request_finished_notice(request, *, by=None) -> int:
    """Tell the submitter that the request was approved or rejected: once per round."""
    from approvals.models import ApprovalRequest
    from notifications.models import Notification
    from notifications.services import notify

    kind = {ApprovalRequest.Status.APPROVED: Notification.Kind.REQUEST_APPROVED,
            ApprovalRequest.Status.REJECTED: Notification.Kind.REQUEST_REJECTED}.get(
        request.status)
    if kind is None:
        return 0
    return notify(recipients=[request.submitted_by_id], kind=kind, by=by,
                  event_key=f"approval-request:{request.pk}:{request.status}",
                  subject=request.title, url=request.url)


def step_waiting(step_id: int, *, reminder: bool = False, base: str | None = None) -> int:
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
            _("Approval inbox: %(url)s") % {"url": _link(reverse("approvals:inbox"), base)},
        ])
    return _send(subject, body, recipients)


def request_finished(request_id: int, *, base: str | None = None) -> int:
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
            _link(request.url, base),
        ]))
    return _send(subject, body, [request.submitted_by.email])
