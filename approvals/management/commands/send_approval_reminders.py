"""Mail the deciders of overdue steps; meant for cron (e.g. hourly on working days).

A step is reminded at most once a day: the reminder date is set with a conditional UPDATE
before mailing, so two runs at the same time cannot both mail it.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from approvals import notifications
from approvals.models import ApprovalRequest, ApprovalStep


class Command(BaseCommand):
    help = "E-mail the people who can decide overdue approval steps (once a day per step)."

    def handle(self, *args, **options):
        now, today = timezone.now(), timezone.localdate()
        overdue = ApprovalStep.objects.filter(
            status=ApprovalStep.Status.PENDING, request__status=ApprovalRequest.Status.PENDING,
            due_at__lt=now,
        ).filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        steps = mails = 0
        for step_id in overdue.values_list("pk", flat=True):
            # A claim marker whose conditional UPDATE stops two runs mailing twice: the named
            # unrecorded update (a reminder is not a change of the step).
            claimed = ApprovalStep.objects.filter(pk=step_id).filter(
                Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
            ).update_unrecorded(reminded_on=today)
            if claimed:
                steps += 1
                mails += notifications.step_waiting(step_id, reminder=True)
        self.stdout.write(f"Reminded {steps} overdue steps ({mails} mails).")
