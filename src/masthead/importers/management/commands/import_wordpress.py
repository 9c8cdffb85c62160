"""``masthead import-wordpress EXPORT.xml [--uploads DIR] [--fetch-media] [--dry-run]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from masthead.importers.importer import ImportAborted, import_wordpress


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools › Export › All content): posts, pages, authors, "
        "categories, tags, comments and media, with redirects from every old address. "
        "Safe to run again: what is already imported is updated, never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The WordPress export file (WXR .xml).")
        parser.add_argument(
            "--uploads",
            type=Path,
            help="A copy of the site's wp-content/uploads folder, for images and documents.",
        )
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="Download attachments and every picture in the bodies from the old site "
            "(still online), a few at a time; a second run fetches only what is missing. "
            "Files found in --uploads are not fetched.",
        )
        parser.add_argument(
            "--allow-private-media",
            action="store_true",
            help="Let --fetch-media reach private or local addresses other than the old "
            "site's own (for a test copy of the site on this network).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read everything and report what would be imported, without writing anything.",
        )
        parser.add_argument(
            "--timezone",
            default="",
            help="The WordPress site's time zone (e.g. Europe/Paris), for drafts' dates "
            "that have no GMT twin. Guessed from the export when left out.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )

    def handle(self, *args, **options):
        # Piped into a file or a log, the table keeps its columns on one line.
        width = None if self.stdout.isatty() else 120
        console = Console(file=self.stdout, soft_wrap=True, width=width)
        show_progress = not options["no_progress"] and options["verbosity"] > 0
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            disable=not show_progress,
            transient=False,
        )
        tasks: dict[str, int] = {}

        def on_progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = progress.add_task(phase, total=total)
            progress.update(tasks[phase], completed=done)

        try:
            with progress:
                report = import_wordpress(
                    options["export"],
                    uploads=options["uploads"],
                    dry_run=options["dry_run"],
                    timezone_name=options["timezone"],
                    progress=on_progress,
                    fetch_media=options["fetch_media"],
                    allow_private_media=options["allow_private_media"],
                )
        except ImportAborted as error:
            raise CommandError(str(error)) from error
        report.render(console)
        if report.error:
            raise CommandError(
                "The export could not be read to the end; everything before the break was "
                "imported. Fix or re-export the file and run the same command again."
            )
        shortfall = report.shortfall()
        if shortfall:
            raise CommandError(shortfall)
