"""Remind the owners and the office of overdue corrective/preventive actions; meant for a daily
cron (complaints.surveys.services.capa_reminders: never twice a day per action)."""

from django.core.management.base import BaseCommand

from complaints.surveys.services.capa_reminders import capa_reminders_send


class Command(BaseCommand):
    help = "E-mail reminders of overdue corrective/preventive actions (once a day per action)."

    def handle(self, *args, **options):
        reminded, mails = capa_reminders_send()
        self.stdout.write(f"Reminded {reminded} overdue corrective actions ({mails} mails).")
