from django.core.management.base import BaseCommand

from accounts.roles import ROLES, setup_roles


class Command(BaseCommand):
    help = "Create or update the role groups and their display names (safe to repeat)."

    def handle(self, *args, **options):
        setup_roles()
        self.stdout.write(self.style.SUCCESS(f"{len(ROLES)} roles are in place."))
