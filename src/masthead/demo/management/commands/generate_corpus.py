"""``masthead generate-corpus``: a large synthetic archive, for benchmarks only."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from masthead.core.database import refresh_planner_statistics
from masthead.demo.corpus import DEFAULT_BATCH_SIZE, generate_corpus


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def not_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


def share(text: str) -> float:
    value = float(text)
    if value < 0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Add a large synthetic corpus of articles for benchmarks: Faker sentences, "
        "not news, never for a real site. Creates the news site, sections and authors "
        "when there are too few, then writes the articles in bulk (live, without "
        "revisions, not in the search index)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--articles", type=not_negative, required=True, help="How many articles to add."
        )
        parser.add_argument(
            "--sections", type=positive, default=8, help="Sections to spread them over (8)."
        )
        parser.add_argument(
            "--authors", type=positive, default=50, help="Authors to credit, 1-3 each (50)."
        )
        parser.add_argument(
            "--tags", type=not_negative, default=500, help="Size of the tag vocabulary (500)."
        )
        parser.add_argument(
            "--seed", type=int, default=None, help="Seed for reproducible text (random if unset)."
        )
        parser.add_argument(
            "--batch-size",
            type=positive,
            default=DEFAULT_BATCH_SIZE,
            help=f"Articles per insert transaction ({DEFAULT_BATCH_SIZE}).",
        )
        parser.add_argument(
            "--comments-per-article",
            type=share,
            default=0.0,
            help=(
                "Approved reader comments per new article on average, e.g. 0.5 for 50,000 "
                "over 100,000 articles, in threads on up to a quarter of them, a few "
                "stories taking most (0: none)."
            ),
        )

    def handle(self, *args, **options) -> None:
        # Progress goes to stderr so that stdout keeps only the summary.
        progress = Progress(
            TextColumn("Writing articles"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=options["verbosity"] == 0,
        )
        with progress:
            task = progress.add_task("articles", total=options["articles"])
            try:
                report = generate_corpus(
                    options["articles"],
                    sections=options["sections"],
                    authors=options["authors"],
                    tags=options["tags"],
                    seed=options["seed"],
                    batch_size=options["batch_size"],
                    comments_per_article=options["comments_per_article"],
                    on_progress=lambda written: progress.advance(task, written),
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
        # A bulk load changes the table sizes the query planner relies on.
        refresh_planner_statistics()
        rate = report.articles / report.seconds if report.seconds else 0
        self.stdout.write(
            f"Added {report.articles:,} synthetic articles in {report.seconds:.1f} s "
            f"({rate:,.0f}/s) across {report.sections} sections, "
            f"{report.authors} authors and {report.tags} tags."
        )
        if report.comments:
            self.stdout.write(
                f"Added {report.comments:,} approved comments under "
                f"{report.commented_articles:,} of them."
            )
