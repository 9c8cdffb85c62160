import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from masthead.demo.edition import DEFAULT_SEED, Edition, plan_edition
from masthead.demo.newsroom import BuildReport, build_newsroom, build_steps, newsroom_is_empty
from masthead.news.models import ArticlePage


class Command(BaseCommand):
    help = (
        "Build the demo newsroom (The Meridian Weekly: sections, staff, about forty invented "
        "stories with pictures) into a database that has no articles yet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already has articles.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Another seed tells other stories (default: %(default)s).",
        )

    def handle(self, *args, **options):
        try:
            empty = newsroom_is_empty()
        except DatabaseError as error:
            raise CommandError(
                "The database is not set up yet: run `masthead setup` first."
            ) from error
        if not empty:
            if options["if_empty"]:
                if options["verbosity"]:
                    self.stdout.write("The newsroom already has articles; demo not loaded.")
                return
            raise CommandError(
                f"The database already has {ArticlePage.objects.count()} articles, and the demo "
                "only goes into an empty newsroom. Use a fresh database (for example "
                "MASTHEAD_VAR_DIR=/tmp/demo masthead setup), or pass --if-empty to skip quietly."
            )
        started = time.perf_counter()
        edition = plan_edition(options["seed"])
        if options["verbosity"] == 0:
            build_newsroom(edition)
            return
        # Rich writes its own line endings; Django's wrapper would add more.
        self.stdout.ending = ""
        console = Console(file=self.stdout, highlight=False)
        if console.is_terminal:
            report = self._build_with_progress_bar(console, edition)
        else:
            report = build_newsroom(edition)
        console.print(self._summary(report, time.perf_counter() - started), soft_wrap=True)

    def _build_with_progress_bar(self, console: Console, edition: Edition) -> BuildReport:
        with Progress(
            TextColumn("[bold]Building the demo newsroom[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}", markup=False),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("", total=build_steps(edition))

            def advance(message: str) -> None:
                progress.update(task, advance=1, description=message[:60])

            return build_newsroom(edition, advance)

    def _summary(self, report: BuildReport, seconds: float) -> str:
        return (
            f"Demo newsroom ready in {seconds:.1f} s: {report.sections} sections, "
            f"{report.authors} authors, {report.articles} articles ({report.published} "
            f"published, {report.scheduled} scheduled, {report.drafts} draft), "
            f"{report.images} images. Open {report.site_url}/"
        )
