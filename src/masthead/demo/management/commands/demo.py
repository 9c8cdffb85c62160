import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from masthead.demo.edition import DEFAULT_SEED, Edition, plan_edition
from masthead.demo.newsroom import BuildReport, build_newsroom, build_steps, newsroom_is_empty
from masthead.demo.other_editions import demo_languages
from masthead.news.models import ArticlePage


class Command(BaseCommand):
    help = (
        "Build the demo newsroom (The Meridian Weekly: sections, staff, about forty invented "
        "stories with pictures) into a database that has no articles yet. With --languages "
        "en,hy it also builds an Armenian edition of real Armenian news texts; try it with "
        "export MASTHEAD_LANGUAGES=en,hy; masthead setup && masthead demo --languages en,hy"
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
        parser.add_argument(
            "--languages",
            metavar="CODES",
            help=(
                "The editions to build, the default first, e.g. en,hy: each must be one of "
                "the site's MASTHEAD_LANGUAGES (set it before `masthead setup`). "
                f"The demo has editions in: en, {', '.join(demo_languages())}."
            ),
        )

    def handle(self, *args, **options):
        languages = self._other_languages(options["languages"])
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
        edition = plan_edition(options["seed"], languages)
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

    def _other_languages(self, value: str | None) -> tuple[str, ...]:
        """The editions besides the default that ``--languages`` asks for, checked first.

        Checked before anything is built: the site must serve every edition asked
        for (MASTHEAD_LANGUAGES, which `masthead setup` makes the editions of), with
        the same default, and the demo must have stories in each.
        """
        if value is None:
            return ()
        codes = [code.strip().lower() for code in value.split(",") if code.strip()]
        configured = list(settings.MASTHEAD_LANGUAGES)
        wanted = ",".join(codes) if len(codes) > 1 else "en,hy"
        fix = (
            f"Set MASTHEAD_LANGUAGES={wanted} before `masthead setup`, and keep it set for "
            f"every command: export MASTHEAD_LANGUAGES={wanted}; masthead setup && "
            f"masthead demo --languages {wanted}"
        )
        if len(codes) < 2 or len(set(codes)) != len(codes):
            raise CommandError(
                f"--languages {value!r}: name two or more different languages, the default "
                "first, e.g. --languages en,hy."
            )
        if codes[0] != "en":
            raise CommandError(
                f"--languages {value!r}: the demo's default edition is English; "
                "start the list with en."
            )
        available = demo_languages()
        missing = [code for code in codes[1:] if code not in available]
        if missing:
            raise CommandError(
                f"--languages {value!r}: the demo has no stories in {', '.join(missing)}; "
                f"its editions besides the default are: {', '.join(available)}."
            )
        if len(configured) < 2:
            raise CommandError(
                f"--languages {value!r}: this site has one language only "
                f"(MASTHEAD_LANGUAGES is not set), so it has no editions to build. {fix}"
            )
        unserved = [code for code in codes if code not in configured]
        if unserved:
            raise CommandError(
                f"--languages {value!r}: this site has no {', '.join(unserved)} edition "
                f"(its MASTHEAD_LANGUAGES: {', '.join(configured)}). {fix}"
            )
        if codes[0] != configured[0]:
            raise CommandError(
                f"--languages {value!r}: the first language must be the site's default "
                f"edition, {configured[0]} (the first of MASTHEAD_LANGUAGES)."
            )
        return tuple(codes[1:])

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
            + "".join(f" and {report.site_url}/{code}/" for code in report.editions)
        )
