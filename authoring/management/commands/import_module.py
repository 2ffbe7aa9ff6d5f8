from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from authoring.importing import check_distinct_codes, import_module
from authoring.module_file import parse_module_file
from core.problems import ModuleFileError


class Command(BaseCommand):
    help = (
        "Import CEC modules from Markdown files (YAML front matter, one lesson per '# ' "
        "heading, quiz in GIFT). Re-importing a course code adds a new page revision."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="module .md file(s)")
        parser.add_argument(
            "--draft",
            action="store_true",
            help="save the import as a draft revision instead of publishing it",
        )

    def handle(self, *args, files, draft, **options):
        problems, parsed = [], []
        for path in files:
            try:
                parsed.append(parse_module_file(path))
            except ModuleFileError as exc:
                problems.append(str(exc))
        if not problems:
            try:
                check_distinct_codes(parsed)
            except ModuleFileError as exc:
                problems.append(str(exc))
        if problems:
            raise CommandError("nothing was imported:\n" + "\n".join(problems))
        try:
            with transaction.atomic():
                results = [import_module(module, publish=not draft) for module in parsed]
        except ModuleFileError as exc:
            raise CommandError(f"nothing was imported:\n{exc}") from exc
        for result in results:
            self.stdout.write(self.style.SUCCESS(result.summary()))
