"""How long an article takes to render with 0 to 2,000 reader comments, and in how many queries.

    .venv/bin/python bench/comments_page.py                 # 0, 20, 200, 2000 comments
    .venv/bin/python bench/comments_page.py --sizes 2000 --requests 50

Builds a fresh SQLite database in a scratch folder (``DATABASE_URL`` is ignored,
so no real database is touched), adds one article with N approved comments (a
quarter top-level, the rest replies nested up to depth five, as busy threads
grow), then serves the article through Django's WSGI handler in-process with
DEBUG off: one warm-up request, then ``--requests`` timed ones. The page shows
the first 50 threads with all their replies, as readers see it; the last row puts
all N comments in 40 threads, so that every one of them is on the page.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def add_comments(article, count: int, threads: int) -> None:
    from django.utils import timezone

    from masthead.comments.models import Comment

    Comment.objects.filter(article=article).delete()
    start = timezone.now() - timedelta(days=3)
    tops = [
        Comment(
            article=article,
            author_name=f"Reader {n}",
            author_email=f"reader{n}@reader.example",
            body=f"Top-level comment {n}, with a link to https://example.org/{n}.\n\nAnd more.",
            status=Comment.Status.APPROVED,
            created_at=start + timedelta(seconds=n),
        )
        for n in range(threads)
    ]
    for comment in tops:
        comment.save()
    parents = list(tops)
    for n in range(count - len(tops)):
        parent = parents[n % len(parents)]
        reply = Comment(
            article=article,
            parent=parent,
            thread_id=parent.thread_id or parent.pk,
            depth=min(parent.depth + 1, 5),
            author_name=f"Replier {n}",
            author_email=f"replier{n}@reader.example",
            body=f"Reply {n}: I see it differently, for three reasons.",
            status=Comment.Status.APPROVED,
            created_at=start + timedelta(seconds=count + n),
        )
        reply.save()
        parents.append(reply)


class Server:
    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()

    def get(self, url: str) -> tuple[float, int, bytes]:
        from io import BytesIO
        from wsgiref.util import setup_testing_defaults

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        environ: dict = {}
        setup_testing_defaults(environ)
        environ.update({"PATH_INFO": url, "HTTP_HOST": "localhost", "wsgi.input": BytesIO(b"")})
        status = []
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            body = b"".join(self.handler(environ, lambda s, h, e=None: status.append(s)))
            elapsed = time.perf_counter() - started
        if not status[0].startswith("200"):
            raise SystemExit(f"{url} answered {status[0]}")
        return elapsed, len(queries), body


def measure(sizes: list[int], requests: int) -> None:
    import django

    django.setup()
    from masthead.news.authoring import add_article, add_section, ensure_news_site

    home = ensure_news_site("Bench Gazette", "localhost", 80)
    article = add_article(add_section(home, "News"), "A much discussed story", paragraphs=["Hi."])
    server = Server()
    print(
        f"{'comments':>9} {'threads':>8} {'shown':>6} {'queries':>8} {'KiB':>7} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
    )
    cases = [(size, size // 4) for size in sizes] + [(max(sizes), 40)]
    for size, threads in cases:
        add_comments(article, size, threads)
        server.get(article.url)
        timings, queries, body = [], set(), b""
        for _ in range(requests):
            elapsed, count, body = server.get(article.url)
            timings.append(elapsed * 1000)
            queries.add(count)
        shown = body.count(b'<li class="comment')
        query_counts = "/".join(map(str, sorted(queries)))
        print(
            f"{size:>9} {threads:>8} {shown:>6} {query_counts:>8} {len(body) / 1024:>7.0f} "
            f"{percentile(timings, 0.5):>8.1f} {percentile(timings, 0.95):>8.1f} "
            f"{max(timings):>8.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 20, 200, 2000])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.sizes, args.requests)
        return
    folder = Path(tempfile.mkdtemp(prefix="masthead-bench-comments-"))
    env = {
        **os.environ,
        "MASTHEAD_VAR_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
    }
    env.pop("DATABASE_URL", None)
    env["DEBUG"] = ""
    try:
        masthead = Path(sys.executable).with_name("masthead")
        subprocess.run([str(masthead), "setup"], env=env, check=True, capture_output=True)  # noqa: S603
        command = [sys.executable, __file__, "--measure", "--requests", str(args.requests)]
        subprocess.run([*command, "--sizes", *map(str, args.sizes)], env=env, check=True)  # noqa: S603
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
