"""How long feeds and sitemaps take to serve as the archive grows.

Builds a scratch SQLite newsroom of N synthetic stories in a temporary folder
(``masthead setup`` + ``masthead generate-corpus``), then serves, in-process
through Django's test client with DEBUG off, each of: the sitemap index, the
first and the last child sitemap of stories, the pages sitemap, the Google News
sitemap, the site's RSS and Atom feeds and a section feed. Each URL is fetched
once to warm caches, then ``--repeat`` times with Django's cache emptied first
(the time to build it) and once more right after (what a repeated fetch costs,
sitemaps coming from the cache); medians are printed.

    .venv/bin/python bench/distribution.py [--sizes 1000,100000] [--repeat 5]

A real database is never touched: DATABASE_URL is removed from the environment.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def measure(repeat: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from lxml import etree

    settings.ALLOWED_HOSTS = ["*"]
    client = Client(HTTP_HOST="localhost")

    index = etree.fromstring(client.get("/sitemap.xml").content)
    children = [
        loc.split("localhost", 1)[1] for loc in index.xpath("//*[local-name()='loc']/text()")
    ]
    story_maps = [path for path in children if path.startswith("/sitemap-articles-")]
    urls = [
        "/sitemap.xml",
        story_maps[0],
        story_maps[-1],
        "/sitemap-pages-0.xml",
        "/sitemap-news.xml",
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/sections/politics/rss/",
    ]
    results = {"child_sitemaps": len(children)}
    for url in urls:
        client.get(url)
        times, cached_times = [], []
        for _ in range(repeat):
            cache.clear()  # time the build, not the cached copy of sitemaps
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            query_count = len(queries)  # before the next request resets Django's query log
            assert response.status_code == 200, (url, response.status_code)
            started = time.perf_counter()
            client.get(url)
            cached_times.append((time.perf_counter() - started) * 1000)
        results[url] = {
            "ms": round(statistics.median(times), 1),
            "cached_ms": round(statistics.median(cached_times), 1),
            "queries": query_count,
            "kb": round(len(response.content) / 1024, 1),
        }
    return results


def build_and_measure(size: int, repeat: int, keep: bool) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"masthead-bench-distribution-{size}-"))
    env = {**os.environ, "MASTHEAD_VAR_DIR": str(folder), "DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    try:
        subprocess.run([BIN / "masthead", "setup"], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run(
            [BIN / "masthead", "generate-corpus", "--articles", str(size), "--seed", "1"],
            env=env,
            check=True,
            capture_output=True,
        )
        build = time.perf_counter() - started
        output = subprocess.run(
            [sys.executable, __file__, "--measure", "--repeat", str(repeat)],
            env={**env, "DJANGO_SETTINGS_MODULE": "masthead.settings"},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return {"size": size, "build_s": round(build, 1), **json.loads(output.splitlines()[-1])}
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch folders.")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.repeat)))
        return
    for size in (int(s) for s in args.sizes.split(",")):
        run = build_and_measure(size, args.repeat, args.keep)
        print(f"\n## N = {size:,} stories (corpus built in {run.pop('build_s')} s)")
        print(f"child sitemaps in the index: {run.pop('child_sitemaps')}\n")
        run.pop("size")
        print("| URL | built, median ms | repeated, ms | queries | KiB |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for url, row in run.items():
            print(
                f"| `{url}` | {row['ms']} | {row['cached_ms']} | {row['queries']} | {row['kb']} |"
            )


if __name__ == "__main__":
    main()
