"""Remove the object permissions of expired access grants, and tell the holders of grants
that end within three days (run daily from cron; each grant's notice is written once).

Access already stops at the moment of expiry (checked on every read); this keeps guardian's
tables clean and records when the permissions were taken back.
"""

from django.core.management.base import BaseCommand

from customers.services import grants_expire, grants_expiring_notify


class Command(BaseCommand):
    help = ("Remove the object permissions of expired customer-archive access grants and "
            "notify the holders of grants ending within three days.")

    def handle(self, *args, **options):
        count = grants_expire()
        self.stdout.write(f"Expired access grants cleaned up: {count}.")
        told = grants_expiring_notify()
        self.stdout.write(f"Grants ending within three days notified: {told}.")
