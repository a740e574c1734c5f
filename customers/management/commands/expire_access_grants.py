"""Remove the object permissions of expired access grants (run daily from cron).

Access already stops at the moment of expiry (checked on every read); this keeps guardian's
tables clean and records when the permissions were taken back.
"""

from django.core.management.base import BaseCommand

from customers.services import grants_expire


class Command(BaseCommand):
    help = "Remove the object permissions of expired customer-archive access grants."

    def handle(self, *args, **options):
        count = grants_expire()
        self.stdout.write(f"Expired access grants cleaned up: {count}.")
