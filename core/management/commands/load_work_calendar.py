"""`manage.py load_work_calendar [--year Y]`: the State Council's holidays and make-up working
days from the chinesecalendar package into the work calendar (core.workcalendar).

Adds the days missing, updates the package's days that changed, deactivates the package's days
it no longer lists, and never touches a hand-entered row; running it twice changes nothing.
Each December, once the State Council has published the next year's schedule and a
chinesecalendar release carries it, upgrade the pin in requirements.txt and run it with
`--year <next year>`.
"""

import chinese_calendar
from django.core.management import BaseCommand, CommandError

from core.workcalendar import package_years, work_calendar_load


class Command(BaseCommand):
    help = ("Load the Chinese statutory holidays and make-up working days of a year (default: "
            "every year chinesecalendar knows) into the work calendar; hand-entered days are "
            "kept.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="only this year")

    def handle(self, *args, year=None, **options):
        known = package_years()
        if year is not None and year not in known:
            raise CommandError(
                f"chinesecalendar {chinese_calendar.__version__} knows {known.start}–"
                f"{known.stop - 1} only, not {year}: upgrade it (requirements.txt) once a "
                f"release carries the State Council's schedule for {year}, or enter the days "
                "by hand in the admin.")
        result = work_calendar_load(years=None if year is None else [year])
        self.stdout.write(
            f"{'year ' + str(year) if year else f'{known.start}–{known.stop - 1}'}: "
            f"{result.created} days added, {result.updated} updated, "
            f"{result.deactivated} deactivated, {result.kept_manual} hand-entered kept.")
