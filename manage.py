#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import secrets
import sys

# Commands that read the code and the schema but never serve a request, sign a value or open
# a session: they run on any checkout without DEBUG=True or a real SECRET_KEY (the settings
# refuse the development key with DEBUG off). They get a random key of this process alone,
# which signs nothing that outlives it; every other command still needs the real one.
OFFLINE_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate", "makemessages",
                    "compilemessages", "help", "version"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive_mgmt.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS and "SECRET_KEY" not in os.environ:
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
