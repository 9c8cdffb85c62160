"""``masthead evaluate-discovery FILE``: related stories and search, measured on a labelled corpus.

The corpus goes into a scratch SQLite database in a temporary folder, never the
newsroom's: the command runs ``masthead setup`` there, then itself again
against it (``--in-scratch-database``), and deletes the folder afterwards.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from masthead.discovery.evaluation import CorpusError, evaluate_search, read_corpus

SCRATCH_MARKER = "MASTHEAD_DISCOVERY_SCRATCH"


class Command(BaseCommand):
    help = (
        "Load a labelled corpus (CSV or JSONL with title, body, label and optional date) "
        "into a scratch database, build the related lists and the search index, and print "
        "precision@4, known-item search recall@10 and MRR, and the time each step took."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The corpus: .csv, .tsv or .jsonl")
        parser.add_argument(
            "--queries", type=int, default=300, help="Stories sampled for search (default 300)."
        )
        parser.add_argument(
            "--method",
            choices=["auto", "exact", "lsa"],
            default="auto",
            help="See rebuild-related.",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the scratch folder.")
        parser.add_argument("--in-scratch-database", action="store_true", help="(internal)")

    def handle(self, *args, **options):
        path: Path = options["file"].resolve()
        try:
            stories, skipped = read_corpus(path)
        except CorpusError as error:
            raise CommandError(str(error)) from error
        if options["queries"] < 1:
            raise CommandError("--queries must be at least 1.")
        if options["in_scratch_database"]:
            self.measure(stories, skipped, options)
        else:
            self.run_in_scratch_folder(path, options)

    def run_in_scratch_folder(self, path: Path, options) -> None:
        folder = Path(tempfile.mkdtemp(prefix="masthead-evaluate-"))
        env = {**os.environ, "MASTHEAD_VAR_DIR": str(folder), SCRATCH_MARKER: str(folder)}
        env.pop("DATABASE_URL", None)  # always the scratch SQLite file, never a real database
        (folder / "static").mkdir()
        masthead = [sys.executable, "-m", "masthead"]
        try:
            self.stderr.write(f"Scratch database in {folder}")
            # Our own interpreter and arguments; the corpus path is only ever an argument.
            subprocess.run(  # noqa: S603
                [*masthead, "setup"], env=env, check=True, stdout=subprocess.DEVNULL
            )
            command = [
                *masthead,
                "evaluate-discovery",
                str(path),
                "--in-scratch-database",
                f"--queries={options['queries']}",
                f"--method={options['method']}",
            ]
            subprocess.run(command, env=env, check=True)  # noqa: S603
        except subprocess.CalledProcessError as error:
            raise CommandError(f"The evaluation failed (exit code {error.returncode}).") from error
        finally:
            if options["keep"]:
                self.stderr.write(f"Kept {folder}")
            else:
                import shutil

                shutil.rmtree(folder, ignore_errors=True)

    def measure(self, stories, skipped: int, options) -> None:
        scratch = os.environ.get(SCRATCH_MARKER, "")
        if not scratch or Path(settings.VAR_DIR) != Path(scratch).resolve():
            raise CommandError("--in-scratch-database is only for the scratch run.")
        from masthead.demo.labelled_corpus import write_stories
        from masthead.discovery.evaluation import related_precision
        from masthead.discovery.related import rebuild_all

        timings = {}
        started = time.perf_counter()
        ids = write_stories(stories)
        timings["load stories"] = time.perf_counter() - started

        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        timings["build search index (update_index)"] = time.perf_counter() - started

        started = time.perf_counter()
        report = rebuild_all(method=options["method"])
        timings["build related lists"] = time.perf_counter() - started

        labels = {story_id: story.label for story_id, story in zip(ids, stories, strict=True)}
        precision, measured = related_precision(labels)
        distinct = sorted(set(labels.values()))
        chance = sum((list(labels.values()).count(label) / len(labels)) ** 2 for label in distinct)

        started = time.perf_counter()
        search = evaluate_search(ids, options["queries"])
        timings["search evaluation"] = time.perf_counter() - started

        out = self.stdout.write
        out(f"Corpus: {len(stories):,} stories, {len(distinct)} labels ({skipped} rows skipped)")
        out("")
        out("Related stories")
        out(f"  precision@4: {precision:.3f} over {measured:,} stories (chance: {chance:.3f})")
        out(f"  suggestions stored: {report.suggestions:,}")
        out("")
        out("Known-item search (Wagtail search backend, as /search/ runs it)")
        out("| query | queries | recall@10 | MRR | p50 ms | p95 ms |")
        out("|---|---:|---:|---:|---:|---:|")
        for row in search:
            out(
                f"| {row.kind} | {row.queries} | {row.recall_at_10:.3f} | {row.mrr:.3f} "
                f"| {row.p50_ms:.1f} | {row.p95_ms:.1f} |"
            )
        out("")
        out("Time taken")
        for name, seconds in timings.items():
            out(f"  {name}: {seconds:.1f} s")
