"""Discovery at scale: related-list rebuild and update times, search latency and quality.

Builds a scratch SQLite database (``masthead setup`` + ``masthead
generate-corpus --articles N``), builds Wagtail's search index for it with
``masthead update_index`` (generated stories bypass the signals that would
index them), then runs itself again in ``--measure`` mode against it:

1. ``rebuild_all()``: every live story's list, as ``masthead rebuild-related``;
2. ``refresh_story()`` for ``--updates`` random stories, as the worker does on
   publish (the story's vector, its own list, and the lists it touches);
3. known-item searches (headline; three rare body words) for ``--queries``
   random stories, each one a request for the ``/search/?q=…`` page served
   through Django's WSGI handler, as a server would (the connection opened
   per request, the search, its count, the snippets and the template): the
   latency is the whole response; recall@10 and MRR come from the result
   links on the page (the per-address search limit is off for these);
4. what a crawler costs (``--crawler`` requests each, see ``crawler_rows``):
   one popular search repeated (served from the page cache), fresh searches
   (each one new, so searched, rendered and stored), and fresh searches from
   one address with the search limit on, as shipped (``MASTHEAD_SEARCH_LIMIT``,
   60 a minute by default): how many were answered and what a 429 costs.

    .venv/bin/python bench/discovery.py [--size 100000] [--updates 20] [--queries 200]
        [--crawler 200]

``--measure --search-only`` measures only the search pages and the crawler
rows, against whatever database the environment names (``DATABASE_URL``:
PostgreSQL, say), and prints the rows as JSON.

Faker's generated text is nonsense drawn from a small vocabulary, so the
quality figures here only say that search finds known items; related-story
quality is measured on real labelled news with ``masthead evaluate-discovery``.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

SEED = 1
RESULT_LINK = re.compile(rb'<h2 class="search-result__title"><a href="([^"]+)"')


def fetch(handler, url: str, address: str = "192.0.2.1") -> tuple[float, float, bytes, int, str]:
    """``(wall ms, CPU ms, body, SQL queries, status)`` of one GET through the WSGI handler.

    CPU time (this process: Python and SQLite) is reported beside wall time
    because a shared machine's load stretches wall time and not CPU time.
    """
    from wsgiref.util import setup_testing_defaults

    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    path, _, query = url.partition("?")
    environ: dict = {}
    setup_testing_defaults(environ)
    environ.update(PATH_INFO=path, QUERY_STRING=query, HTTP_HOST="localhost", REMOTE_ADDR=address)
    statuses: list[str] = []
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
        try:
            body = b"".join(response)
        finally:
            response.close()
        elapsed_ms = (time.perf_counter() - started) * 1000
        cpu_ms = (time.process_time() - cpu_started) * 1000
    status = statuses[0].split()[0] if statuses else "none"
    return elapsed_ms, cpu_ms, body, len(queries.captured_queries), status


def get_page(handler, url: str) -> tuple[float, float, bytes, int]:
    """``(wall ms, CPU ms, body, SQL queries)`` of one GET that must answer 200, or stop."""
    elapsed_ms, cpu_ms, body, queries, status = fetch(handler, url)
    if status != "200":
        raise SystemExit(f"{url} answered {status}, not 200")
    return elapsed_ms, cpu_ms, body, queries


def timing_row(kind: str, samples: list[tuple[float, float, int, str]]) -> dict:
    """p50/p95 of wall and CPU time, the most SQL queries, and the answers' statuses."""
    from masthead.discovery.evaluation import percentile

    times = [sample[0] for sample in samples]
    cpu_times = [sample[1] for sample in samples]
    statuses: dict[str, int] = {}
    for sample in samples:
        statuses[sample[3]] = statuses.get(sample[3], 0) + 1
    return {
        "kind": kind,
        "requests": len(samples),
        "p50_ms": percentile(times, 0.5),
        "p95_ms": percentile(times, 0.95),
        "cpu_p50_ms": percentile(cpu_times, 0.5),
        "cpu_p95_ms": percentile(cpu_times, 0.95),
        "sql_max": max((sample[2] for sample in samples), default=0),
        "statuses": statuses,
    }


def crawler_rows(story_ids: list[int], requests: int, known_items: int) -> list[dict]:
    """What a crawler costs: a popular search repeated, fresh searches without and with the limit.

    Every request goes through the whole stack, page cache included (on, as
    shipped). "Fresh" searches are headlines of stories no other row asked
    for, so each is searched, rendered and stored. The first two rows come
    from one address with the search limit off; the last sends fresh searches
    from another address with the limit as the environment sets it (60 a
    minute by default), fast enough that they all fall in one or two windows.
    """
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings

    from masthead.news.models import ArticlePage

    handler = WSGIHandler()
    shipped_limit = settings.MASTHEAD_SEARCH_LIMIT
    asked = set(known_item_sample(story_ids, known_items))
    unasked = [story_id for story_id in story_ids if story_id not in asked]
    chosen = random.Random(SEED + 1).sample(unasked, min(len(unasked), 3 * requests))
    titles = list(
        dict.fromkeys(
            title.lower()
            for title in ArticlePage.objects.filter(pk__in=chosen).values_list("title", flat=True)
        )
    )[: 2 * requests + 1]
    popular = "/search/?" + urlencode({"q": titles[0]})
    fresh = ["/search/?" + urlencode({"q": title}) for title in titles[1:]]

    def run(urls: list[str], address: str) -> list[tuple[float, float, int, str]]:
        rows = []
        for url in urls:
            elapsed_ms, cpu_ms, _, queries, status = fetch(handler, url, address)
            rows.append((elapsed_ms, cpu_ms, queries, status))
        return rows

    with override_settings(MASTHEAD_SEARCH_LIMIT=0):
        first = run([popular], "192.0.2.10")
        repeated = run([popular] * requests, "192.0.2.10")
        new = run(fresh[:requests], "192.0.2.10")
    limited = run(fresh[requests : 2 * requests], "192.0.2.20")
    refused = [sample for sample in limited if sample[3] == "429"]
    rows = [
        timing_row("popular search, first time (stored)", first),
        timing_row("popular search repeated (page cache hit)", repeated),
        timing_row("fresh search each time (limit off)", new),
        timing_row(f"fresh searches from one address (limit {shipped_limit})", limited),
    ]
    if refused:
        rows.append(timing_row("… of which refused (429)", refused))
    return rows


def search_pages(story_ids: list[int], sample_size: int) -> list[dict]:
    """Known-item searches as readers make them: the ``/search/`` page, timed whole."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings

    from masthead.discovery.evaluation import known_item_queries
    from masthead.discovery.story_index import current_index
    from masthead.news.models import ArticlePage

    index = current_index()
    idf = dict(zip(index.model.terms, index.model.idf.tolist(), strict=True))
    sample = known_item_sample(story_ids, sample_size)
    # The same queries as ``masthead evaluate-discovery``: rarest = highest idf.
    kinds = known_item_queries(sample, lambda word: -idf.get(word, 1e9))
    urls = {page.pk: page.url for page in ArticlePage.objects.filter(pk__in=sample)}
    # Every query here is new, so each would count towards one address's limit.
    with override_settings(MASTHEAD_SEARCH_LIMIT=0):
        return known_item_rows(WSGIHandler(), kinds, urls)


def known_item_sample(story_ids: list[int], sample_size: int) -> list[int]:
    return random.Random(SEED).sample(story_ids, min(sample_size, len(story_ids)))


def known_item_rows(handler, kinds: dict, urls: dict) -> list[dict]:
    """Recall, MRR and timings of each kind of known-item query, one page request each."""
    from masthead.discovery.evaluation import TOP_RESULTS, percentile

    for warm_up in ("news", "market report", "school"):
        get_page(handler, "/search/?" + urlencode({"q": warm_up}))
    rows = []
    for kind, pairs in kinds.items():
        times, cpu_times, query_counts, hits, reciprocal = [], [], [], 0, 0.0
        for story_id, text in pairs:
            url = "/search/?" + urlencode({"q": text})
            elapsed_ms, cpu_ms, body, queries = get_page(handler, url)
            times.append(elapsed_ms)
            cpu_times.append(cpu_ms)
            query_counts.append(queries)
            found = [link.decode() for link in RESULT_LINK.findall(body)][:TOP_RESULTS]
            if urls[story_id] in found:
                hits += 1
                reciprocal += 1 / (found.index(urls[story_id]) + 1)
        count = max(len(pairs), 1)
        rows.append(
            {
                "kind": kind,
                "queries": len(pairs),
                "recall_at_10": hits / count,
                "mrr": reciprocal / count,
                "p50_ms": percentile(times, 0.5),
                "p95_ms": percentile(times, 0.95),
                "cpu_p50_ms": percentile(cpu_times, 0.5),
                "cpu_p95_ms": percentile(cpu_times, 0.95),
                "sql_max": max(query_counts, default=0),
            }
        )
    return rows


def measure(updates: int, queries: int, crawler: int) -> dict:
    import django

    django.setup()
    from masthead.discovery import story_index
    from masthead.discovery.evaluation import percentile
    from masthead.discovery.related import rebuild_all, refresh_story
    from masthead.news.models import ArticlePage

    started = time.perf_counter()
    report = rebuild_all()
    rebuild_seconds = time.perf_counter() - started

    # A worker that has just started reads the vector file once, then keeps it.
    story_index._cache.clear()
    started = time.perf_counter()
    story_index.load_index()
    load_seconds = time.perf_counter() - started
    vector_file_mb = story_index.index_file().stat().st_size / 2**20

    ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
    chosen = random.Random(SEED).sample(ids, min(updates, len(ids)))
    update_times, touched = [], []
    for story_id in chosen:
        started = time.perf_counter()
        redone = refresh_story(story_id)
        update_times.append(time.perf_counter() - started)
        touched.append(len(redone))

    search = search_pages(ids, queries)
    return {
        "crawler": crawler_rows(ids, crawler, queries) if crawler else [],
        "stories": report.stories,
        "rebuild_seconds": rebuild_seconds,
        "rebuild_parts": {
            "vectorise": report.vectorise_seconds,
            "neighbours": report.neighbours_seconds,
            "rank": report.rank_seconds,
            "write": report.write_seconds,
        },
        "load_seconds": load_seconds,
        "vector_file_mb": vector_file_mb,
        "update_p50": percentile(update_times, 0.5),
        "update_max": max(update_times, default=0),
        "lists_touched_p50": percentile(touched, 0.5),
        "lists_touched_max": max(touched, default=0),
        "search": search,
    }


def measure_search(queries: int, crawler: int) -> dict:
    """Only the search pages and the crawler rows, on the database the environment names."""
    import django

    django.setup()
    from masthead.news.models import ArticlePage

    ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
    search = search_pages(ids, queries)
    return {"search": search, "crawler": crawler_rows(ids, crawler, queries) if crawler else []}


def timed(command: list[str], env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return time.perf_counter() - started, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=20)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--crawler", type=int, default=200, help="Requests in each crawler row (0: none)."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the scratch folder.")
    parser.add_argument(
        "--reuse", type=Path, help="Measure an existing scratch folder (built and indexed)."
    )
    parser.add_argument("--measure", action="store_true", help="Measure only, no build.")
    parser.add_argument(
        "--search-only", action="store_true", help="With --measure: only the search pages."
    )
    args = parser.parse_args()
    if args.measure and args.search_only:
        print(json.dumps(measure_search(args.queries, args.crawler)))
        return
    if args.measure:
        print(json.dumps(measure(args.updates, args.queries, args.crawler)))
        return

    folder = args.reuse or Path(tempfile.mkdtemp(prefix=f"masthead-discovery-{args.size}-"))
    env = {**os.environ, "MASTHEAD_VAR_DIR": str(folder), "DEBUG": "0"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    env.pop("DATABASE_URL", None)  # always the scratch SQLite file
    masthead = [sys.executable, "-m", "masthead"]
    build = {}
    try:
        if not args.reuse:
            (folder / "static").mkdir(exist_ok=True)
            print(f"building N={args.size:,} in {folder}", file=sys.stderr)
            timed([*masthead, "setup"], env)
            build["generate-corpus"], _ = timed(
                [*masthead, "generate-corpus", f"--articles={args.size}", f"--seed={SEED}"], env
            )
            build["update_index"], _ = timed([*masthead, "update_index"], env)
        print("measuring", file=sys.stderr)
        _, output = timed(
            [
                sys.executable,
                __file__,
                "--measure",
                f"--updates={args.updates}",
                f"--queries={args.queries}",
                f"--crawler={args.crawler}",
            ],
            env,
        )
        result = json.loads(output)
    finally:
        if not args.keep and not args.reuse:
            shutil.rmtree(folder, ignore_errors=True)

    parts = result["rebuild_parts"]
    print(f"Discovery on {result['stories']:,} generated stories (SQLite, DEBUG off)")
    print()
    print("| step | seconds |")
    print("|---|---:|")
    for name, seconds in build.items():
        print(f"| masthead {name} | {seconds:.1f} |")
    print(f"| rebuild all related lists | {result['rebuild_seconds']:.1f} |")
    for name, seconds in parts.items():
        print(f"| … {name} | {seconds:.1f} |")
    print(
        f"| worker's first read of the vector file ({result['vector_file_mb']:.0f} MB) "
        f"| {result['load_seconds']:.2f} |"
    )
    print(
        f"| update one story (p50 / max of {args.updates}) | {result['update_p50']:.2f} / "
        f"{result['update_max']:.2f} |"
    )
    print()
    print(
        f"Lists recomputed per update: p50 {result['lists_touched_p50']}, "
        f"max {result['lists_touched_max']}"
    )
    print()
    print("The /search/ page, whole (WSGI request: search, count, snippets, template):")
    print()
    print("| search query | queries | recall@10 | MRR | p50 ms | p95 ms | CPU p50 / p95 ms | SQL |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in result["search"]:
        print(
            f"| {row['kind']} | {row['queries']} | {row['recall_at_10']:.3f} | {row['mrr']:.3f} "
            f"| {row['p50_ms']:.1f} | {row['p95_ms']:.1f} "
            f"| {row['cpu_p50_ms']:.1f} / {row['cpu_p95_ms']:.1f} | {row['sql_max']} |"
        )
    print()
    print_crawler(result["crawler"])
    print()
    print(f"Load average when done: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def print_crawler(rows: list[dict]) -> None:
    if not rows:
        return
    print("What a crawler costs (whole WSGI requests, page cache on):")
    print()
    print("| requests | n | answers | p50 ms | p95 ms | CPU p50 / p95 ms | SQL max |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for row in rows:
        answers = ", ".join(
            f"{count} × {status}" for status, count in sorted(row["statuses"].items())
        )
        print(
            f"| {row['kind']} | {row['requests']} | {answers} | {row['p50_ms']:.1f} "
            f"| {row['p95_ms']:.1f} | {row['cpu_p50_ms']:.1f} / {row['cpu_p95_ms']:.1f} "
            f"| {row['sql_max']} |"
        )


if __name__ == "__main__":
    main()
