from django.core.management.base import BaseCommand
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from masthead.discovery.related import rebuild_all


class Command(BaseCommand):
    help = (
        'Recompute every live article\'s "You May Also Like" list and the story-vector '
        "file the worker uses. Safe to repeat; readers see the old lists until it finishes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--method",
            choices=["auto", "exact", "lsa"],
            default="auto",
            help="How candidates are found: exact comparison, or a low-rank projection for "
            "large archives (default: exact up to 6,000 stories).",
        )

    def handle(self, *args, **options):
        console = Console(stderr=True)
        tasks: dict[str, int] = {}
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=options["verbosity"] == 0,
        ) as progress:

            def advance(name: str, step: int, total: int) -> None:
                if name not in tasks:
                    tasks[name] = progress.add_task(name, total=total)
                progress.advance(tasks[name], step)

            report = rebuild_all(on_progress=advance, method=options["method"])
            for task_id in tasks.values():
                progress.update(task_id, completed=progress.tasks[task_id].total)
        total = (
            report.vectorise_seconds
            + report.neighbours_seconds
            + report.rank_seconds
            + report.write_seconds
        )
        self.stdout.write(
            f"{report.stories:,} stories, {report.suggestions:,} suggestions stored in "
            f"{total:.1f} s (vectorise {report.vectorise_seconds:.1f} s, neighbours "
            f"{report.neighbours_seconds:.1f} s, rank {report.rank_seconds:.1f} s, "
            f"write {report.write_seconds:.1f} s)."
        )
