"""How long Masthead takes to serve an article page as the archive grows.

For each archive size N this builds a scratch SQLite database in a temporary
folder (``masthead setup`` + ``masthead generate-corpus --articles N``), then
runs itself again against it in ``--measure`` mode, which serves pages through
Django's WSGI handler in-process: no network, no web server, DEBUG off. It
prints markdown tables of per-request server time and SQL queries.

    .venv/bin/python bench/article_page.py [--sizes 1000,100000] [--requests 300]
    .venv/bin/python bench/article_page.py --pictures [--extra-stories 2000] [--fill 19900]

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
        self.last_cpu_ms = 0.0  # CPU time (user + system) of the last request

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
            started, started_cpu = time.perf_counter(), time.process_time()
            response = self.handler(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()
            elapsed_ms = (time.perf_counter() - started) * 1000
            self.last_cpu_ms = (time.process_time() - started_cpu) * 1000
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


# Pictures and a full cache: CPU per render as the shared cache grows ----------


class CacheWrites:
    """Counts the keys written to the default cache (set, add, set_many, touch, incr)."""

    METHODS = ("set", "add", "set_many", "touch", "incr")

    def __init__(self, backend):
        self.count = 0
        for name in self.METHODS:
            setattr(backend, name, self._counting(name, getattr(backend, name)))

    def _counting(self, name, original):
        def counted(*args, **kwargs):
            self.count += len(args[0]) if name == "set_many" else 1
            return original(*args, **kwargs)

        return counted


def files_under(folder: str) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def fill_cache(backend, entries: int) -> None:
    """Write ``entries`` 2 kB values, as if the page cache and the rest had filled it.

    Django's FileBasedCache lists its whole folder on every write to decide
    whether to cull; filling it through ``set`` would take minutes. Below
    MAX_ENTRIES that listing removes nothing, so it is skipped while filling.
    """
    value = os.urandom(1024).hex()
    cull = getattr(backend, "_cull", None)
    if cull is not None:
        backend._cull = lambda: None
    try:
        for number in range(entries):
            backend.set(f"bench:fill:{number}", value, timeout=None)
    finally:
        if cull is not None:
            del backend._cull


def picture_stories():
    """The story with a lead picture and the most pictures in its body, and one without any."""
    from masthead.news.models import ArticlePage

    with_pictures = None
    most = 0  # at least one inline picture
    for story in ArticlePage.objects.live().filter(featured_image__isnull=False).order_by("pk"):
        inline = sum(1 for block in story.body if block.block_type == "image")
        if inline > most:
            with_pictures, most = story, inline
    if with_pictures is None:
        raise SystemExit("No story with a lead picture and an inline one: is the demo there?")
    without = ArticlePage.objects.live().filter(featured_image__isnull=True).order_by("pk").first()
    return [(f"lead picture + {most} inline", with_pictures), ("no pictures", without)]


def measure_pictures(fill: int, renders: int) -> dict:
    """CPU per uncached render of two stories, with the cache nearly empty, then filled."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.utils.html import escape
    from wagtail import __version__ as wagtail_version

    if settings.DEBUG or settings.MASTHEAD_PAGE_CACHE:
        raise SystemExit("Measure with DEBUG=0 and MASTHEAD_PAGE_CACHE=0 (--pictures sets both).")
    backend = caches["default"]
    location = settings.CACHES["default"].get("LOCATION", "")
    writes = CacheWrites(backend)
    stories = [(name, story.get_url(), escape(story.title)) for name, story in picture_stories()]
    timer = PageTimer()

    def warm() -> None:
        for _, url, text in stories:  # makes the renditions, stores them in the cache
            for _ in range(3):
                timer.get(url, text)

    rows = []
    for state in ("nearly empty", "filled"):
        backend.clear()
        if state == "filled":
            fill_cache(backend, fill)
        warm()
        files = files_under(location) if location else 0
        for name, url, text in stories:
            cpu, wall, written = [], [], []
            for _ in range(renders):
                before = writes.count
                elapsed_ms, _ = timer.get(url, text)
                wall.append(elapsed_ms)
                cpu.append(timer.last_cpu_ms)
                written.append(writes.count - before)
            rows.append(
                {
                    "cache": state,
                    "entries_written": fill if state == "filled" else 0,
                    "files": files,
                    "story": name,
                    "renders": renders,
                    "cpu_p50_ms": percentile(cpu, 0.50),
                    "cpu_p90_ms": percentile(cpu, 0.90),
                    "wall_p50_ms": percentile(wall, 0.50),
                    "writes_per_render": sum(written) / len(written),
                }
            )
    backend.clear()
    return {
        "rows": rows,
        "backend": settings.CACHES["default"]["BACKEND"],
        "versions": (
            f"Python {sys.version.split()[0]}, Django {django.__version__}, "
            f"Wagtail {wagtail_version}"
        ),
    }


def build_and_measure_pictures(args: argparse.Namespace) -> dict:
    """The demo newsroom plus ``--extra-stories`` generated ones, measured in a subprocess."""
    folder = Path(tempfile.mkdtemp(prefix="masthead-bench-pictures-"))
    env = {
        **os.environ,
        "MASTHEAD_VAR_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
        "DEBUG": "0",
        "MASTHEAD_PAGE_CACHE": "0",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)  # the embedded cache is what is measured
    env.pop("MASTHEAD_CACHE_DIR", None)
    (folder / "static").mkdir()
    try:
        print(f"building the demo and {args.extra_stories:,} stories in {folder}", file=sys.stderr)
        timed([str(BIN / "masthead"), "setup"], env)
        timed([str(BIN / "masthead"), "demo"], env)
        timed(
            [
                str(BIN / "masthead"),
                "generate-corpus",
                f"--articles={args.extra_stories}",
                f"--seed={SEED}",
            ],
            env,
        )
        print("measuring", file=sys.stderr)
        command = [
            sys.executable,
            __file__,
            "--measure-pictures",
            f"--fill={args.fill}",
            f"--renders={args.renders}",
        ]
        _, output = timed(command, env)
        return json.loads(output)
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def report_pictures(result: dict, extra_stories: int) -> str:
    lines = [
        f"CPU per uncached story render, demo newsroom + {extra_stories:,} stories "
        f"({result['versions']}; DEBUG off, page cache off; cache backend "
        f"{result['backend']}):",
        "",
        "| cache | entries written to fill | files in cache folder | story | renders "
        "| CPU p50 ms | CPU p90 ms | wall p50 ms | cache writes / render |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        lines.append(
            f"| {row['cache']} | {row['entries_written']:,} | {row['files']:,} | {row['story']} "
            f"| {row['renders']} | {row['cpu_p50_ms']:.1f} | {row['cpu_p90_ms']:.1f} "
            f"| {row['wall_p50_ms']:.1f} | {row['writes_per_render']:.1f} |"
        )
    return "\n".join(lines)


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
    pictures = parser.add_argument_group("pictures and a full cache (--pictures)")
    pictures.add_argument(
        "--pictures",
        action="store_true",
        help="Instead: CPU per render of a story with pictures, cache nearly empty and filled.",
    )
    pictures.add_argument(
        "--extra-stories", type=int, default=2000, help="Generated stories beside the demo."
    )
    pictures.add_argument(
        "--fill", type=int, default=19900, help="Entries written to fill the cache (19,900)."
    )
    pictures.add_argument("--renders", type=int, default=30, help="Timed renders per story.")
    pictures.add_argument(
        "--measure-pictures",
        action="store_true",
        help="Only measure (JSON on stdout) the database and cache the environment names.",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.measure_pictures:
        print(json.dumps(measure_pictures(args.fill, args.renders)))
        return
    if args.pictures:
        print(report_pictures(build_and_measure_pictures(args), args.extra_stories))
        return
    if args.measure:
        print(json.dumps(measure(args.requests, args.listing_requests, args.analyze)))
        return
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    runs = [build_and_measure(size, args) for size in sizes]
    print(report(runs, args.analyze))


if __name__ == "__main__":
    main()
