"""Remind and escalate overdue complaints; meant for a daily cron on working days
(complaints.reminders: the handler, the department head after the limit, the general manager
after twice the limit; never twice a day)."""

from django.core.management.base import BaseCommand

from complaints.reminders import complaint_reminders_send


class Command(BaseCommand):
    help = "E-mail reminders and escalations of overdue complaints (once a day per complaint)."

    def handle(self, *args, **options):
        reminded, mails = complaint_reminders_send()
        self.stdout.write(f"Reminded {reminded} overdue complaints ({mails} mails).")
