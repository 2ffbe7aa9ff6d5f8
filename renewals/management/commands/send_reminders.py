from datetime import date

from django.core.management.base import BaseCommand, CommandError

from renewals.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail learners whose renewal cycle ends in 90, 30 or 7 days with credits missing, "
        "or whose certificate expires within 30 days. Each reminder goes once; run daily "
        "from cron: 0 7 * * * cd /srv/cec && .venv/bin/python manage.py send_reminders"
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError(f"--today: {exc}") from exc
        run = send_reminders(day)
        self.stdout.write(f"Reminders sent: {len(run.sent)}; already sent before: {run.already}.")
