"""How long Masthead takes to serve an article page as the archive grows.

For each archive size N this builds a scratch SQLite database in a temporary
folder (``masthead setup`` + ``masthead generate-corpus --articles N``), then
runs itself again against it in ``--measure`` mode, which serves pages through
Django's WSGI handler in-process: no network, no web server, DEBUG off. It
prints markdown tables of per-request server time and SQL queries.

    .venv/bin/python bench/article_page.py [--sizes 1000,100000] [--requests 300]

See bench/README.md for what is measured and how to read it.
"""

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
SEED = 1
WARM_UP_REQUESTS = 30
SQLITE_FILE = "masthead.sqlite3"


# Measuring, inside the process that serves the pages -------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: a value that was actually observed."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


class PageTimer:
    """Serves one URL at a time through Django's WSGI handler and records time and queries.

    A WSGI call rather than the test Client: the handler's request_finished
    signal closes the database connection as a real server does (SQLite runs
    with CONN_MAX_AGE=0), so each timed request pays for opening it.
    """

    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()

    def get(self, url: str, must_contain: str = "") -> tuple[float, int]:
        """``(milliseconds, queries)`` for one request; fails loudly on anything but a 200."""
        from wsgiref.util import setup_testing_defaults

        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        path, _, query = url.partition("?")
        environ: dict = {}
        setup_testing_defaults(environ)
        environ.update(
            PATH_INFO=path,
            QUERY_STRING=query,
            HTTP_HOST="localhost",
            SERVER_NAME="localhost",
            SERVER_PORT="80",
        )
        statuses: list[str] = []

        def start_response(status, headers, exc_info=None):
            statuses.append(status)

        reset_queries()  # the log is capped; counting starts from empty each time
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = self.handler(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()
            elapsed_ms = (time.perf_counter() - started) * 1000
        if not statuses or not statuses[0].startswith("200"):
            raise SystemExit(f"{url} answered {statuses[:1]}, not 200")
        if must_contain and must_contain.encode() not in body:
            raise SystemExit(f"{url} does not show {must_contain!r}")
        return elapsed_ms, len(queries.captured_queries)

    def row(self, name: str, urls: list[tuple[str, str]]) -> dict:
        times, counts = [], []
        for url, text in urls:
            elapsed_ms, queries = self.get(url, text)
            times.append(elapsed_ms)
            counts.append(queries)
        return {
            "page": name,
            "requests": len(times),
            "p50_ms": percentile(times, 0.50),
            "p99_ms": percentile(times, 0.99),
            "queries_min": min(counts),
            "queries_max": max(counts),
        }


def cycle(items: list, count: int) -> list:
    return [items[i % len(items)] for i in range(count)]


def measure(requests: int, listing_requests: int, analyze: bool) -> dict:
    """Time the article page, the home page and section listings in this database."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils.html import escape
    from wagtail import __version__ as wagtail_version
    from wagtail.models import Page

    from masthead.news.models import ARTICLES_PER_LISTING, ArticlePage, SectionPage

    if settings.DEBUG:
        raise SystemExit("Run the benchmark with DEBUG off: DEBUG changes what is measured.")
    if analyze:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    rng = random.Random(SEED)
    ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
    chosen = rng.sample(ids, min(len(ids), WARM_UP_REQUESTS + requests))
    pages = {page.pk: page for page in Page.objects.filter(pk__in=chosen).only("title", "url_path")}
    articles = [(pages[pk].get_url(), escape(pages[pk].title)) for pk in chosen]
    warm_up, measured = articles[:WARM_UP_REQUESTS], articles[WARM_UP_REQUESTS:]

    sections = list(SectionPage.objects.live().order_by("path"))
    first_pages = [(section.get_url(), escape(section.title)) for section in sections]
    middle_pages = []
    for section in sections:
        pages_in_listing = math.ceil(
            ArticlePage.objects.child_of(section).live().count() / ARTICLES_PER_LISTING
        )
        middle = max(pages_in_listing // 2, 1)
        marker = f"Page {middle}<" if pages_in_listing > 1 else escape(section.title)
        middle_pages.append((f"{section.get_url()}?page={middle}", marker))

    timer = PageTimer()
    for url, text in warm_up + cycle(first_pages, 5) + [("/", "")] * 5:
        timer.get(url, text)
    rows = [
        timer.row("article", measured),
        timer.row("home", [("/", "")] * listing_requests),
        timer.row("section listing, page 1", cycle(first_pages, listing_requests)),
        timer.row("section listing, middle page", cycle(middle_pages, listing_requests)),
    ]
    database_version = ".".join(str(part) for part in connection.get_database_version())
    return {
        "rows": rows,
        "versions": (
            f"{connection.display_name} {database_version}, Python {sys.version.split()[0]}, "
            f"Django {django.__version__}, Wagtail {wagtail_version}"
        ),
    }


# Building one scratch database per size, in subprocesses ----------------------


@dataclass
class Run:
    size: int
    setup_seconds: float
    build_seconds: float
    database_mb: float
    rows: list[dict]
    versions: str


def timed(command: list[str], env: dict) -> tuple[float, str]:
    """Run ``command``; its stderr (progress bars) goes to ours, its stdout is returned."""
    started = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return time.perf_counter() - started, result.stdout


def build_and_measure(size: int, args: argparse.Namespace) -> Run:
    folder = Path(tempfile.mkdtemp(prefix=f"masthead-bench-{size}-"))
    env = {
        **os.environ,
        "MASTHEAD_VAR_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
        "DEBUG": "0",
    }
    env.pop("DATABASE_URL", None)  # always the scratch SQLite database, never a real one
    (folder / "static").mkdir()  # spares WhiteNoise's warning about a missing STATIC_ROOT
    try:
        print(f"N={size:,}: building in {folder}", file=sys.stderr)
        setup_seconds, _ = timed([str(BIN / "masthead"), "setup"], env)
        build_seconds, _ = timed(
            [str(BIN / "masthead"), "generate-corpus", f"--articles={size}", f"--seed={SEED}"],
            env,
        )
        database_mb = sum(f.stat().st_size for f in folder.glob(f"{SQLITE_FILE}*")) / 2**20
        print(f"N={size:,}: measuring", file=sys.stderr)
        command = [
            sys.executable,
            __file__,
            "--measure",
            f"--requests={args.requests}",
            f"--listing-requests={args.listing_requests}",
        ]
        if args.analyze:
            command.append("--analyze")
        _, output = timed(command, env)
        result = json.loads(output)
        return Run(
            size, setup_seconds, build_seconds, database_mb, result["rows"], result["versions"]
        )
    finally:
        if args.keep:
            print(f"N={size:,}: kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def report(runs: list[Run], analyze: bool) -> str:
    statistics_note = "after ANALYZE" if analyze else "as built, no ANALYZE"
    lines = [
        f"Server time per request ({runs[0].versions}; DEBUG off; SQLite {statistics_note}):",
        "",
        "| N articles | page | requests | p50 ms | p99 ms | queries (min/max) |",
        "|---:|---|---:|---:|---:|---|",
    ]
    for run in runs:
        for row in run.rows:
            lines.append(
                f"| {run.size:,} | {row['page']} | {row['requests']} | {row['p50_ms']:.1f} "
                f"| {row['p99_ms']:.1f} | {row['queries_min']}/{row['queries_max']} |"
            )
    lines += [
        "",
        "| N articles | masthead setup s | generate-corpus s | articles/s | database MB |",
        "|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        rate = run.size / run.build_seconds if run.build_seconds else 0
        lines.append(
            f"| {run.size:,} | {run.setup_seconds:.1f} | {run.build_seconds:.1f} "
            f"| {rate:,.0f} | {run.database_mb:,.0f} |"
        )
    return "\n".join(lines)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,100000", help="Archive sizes, comma-separated.")
    parser.add_argument("--requests", type=int, default=300, help="Distinct article pages timed.")
    parser.add_argument(
        "--listing-requests", type=int, default=50, help="Requests to home and listing pages."
    )
    parser.add_argument(
        "--analyze", action="store_true", help="Run SQLite's ANALYZE before measuring."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the scratch databases.")
    parser.add_argument(
        "--measure",
        action="store_true",
        help="Only measure the database the environment names (JSON on stdout); no build.",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.measure:
        print(json.dumps(measure(args.requests, args.listing_requests, args.analyze)))
        return
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    runs = [build_and_measure(size, args) for size in sizes]
    print(report(runs, args.analyze))


if __name__ == "__main__":
    main()
