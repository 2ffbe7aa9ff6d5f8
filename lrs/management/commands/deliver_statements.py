from django.core.management.base import BaseCommand

from lrs.conf import lrs_enabled
from lrs.delivery import deliver_due, retry_failed


class Command(BaseCommand):
    help = "Send the xAPI statements that are due to the learning record store (run from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="First make every failed statement pending again (e.g. after a fix).",
        )

    def handle(self, *args, **options):
        if not lrs_enabled():
            self.stdout.write("LRS_ENDPOINT is empty: LRS delivery is off.")
            return
        if options["retry_failed"]:
            self.stdout.write(f"{retry_failed()} failed statement(s) made pending again.")
        counts = deliver_due()
        self.stdout.write(
            "Delivered {delivered}, retrying later {retrying}, failed {failed}.".format(
                delivered=counts["delivered"],
                retrying=counts["retrying"],
                failed=counts["failed"],
            )
        )
