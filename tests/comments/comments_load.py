"""Readers posting comments over real HTTP, for the concurrency test and bench/comments_load.py.

Each simulated reader behaves like a browser: it loads the story (getting its
cookies and a signed form token per comment it will send), waits as
long as a person would, then posts its comments one after another. Readers run
in parallel threads against a server on loopback.

``sqlite_server`` serves Masthead with ``masthead serve`` (Granian, one worker
process and its threads, each with a connection of its own) on a fresh SQLite
file in WAL mode, as the embedded default runs in production; the test suite's
own SQLite database lives in memory, whose shared-cache locking is not what
production sees.
"""

import re
import sqlite3
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

# bench/comments_load.py puts only this folder on the path; tests/servers.py is one up.
TESTS = str(Path(__file__).resolve().parents[1])
if TESTS not in sys.path:
    sys.path.append(TESTS)
from servers import app_server, free_port, masthead, masthead_env  # noqa: E402

FORM_TOKEN = re.compile(r'name="token" value="([^"]+)"')
FORM_ACTION = re.compile(r'action="(/comments/post/\d+/)"')

SETUP_STORY = """
from wagtail.models import Site
from masthead.comments.models import CommentSettings
from masthead.news.authoring import add_article, add_section, ensure_news_site
home = ensure_news_site("Load Test Gazette", "127.0.0.1", {port})
section = add_section(home, "News")
article = add_article(section, "A story everyone comments on", paragraphs=["Read me."])
rules = CommentSettings.for_site(Site.objects.get(is_default_site=True))
rules.flood_seconds = 0
rules.save()
print("STORY", article.url)
"""


class KeepRedirects(HTTPRedirectHandler):
    """Report redirects instead of following them: the 302 is the answer being measured."""

    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class LoadResult:
    statuses: Counter = field(default_factory=Counter)
    post_seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0


def _reader(base, story, number: int, posts: int, result: LoadResult, lock, barrier, go):
    opener = build_opener(HTTPCookieProcessor(CookieJar()), KeepRedirects())
    forms = []
    try:
        for _ in range(posts):
            with opener.open(base + story, timeout=60) as response:
                page = response.read().decode()
            forms.append((FORM_TOKEN.search(page).group(1), FORM_ACTION.search(page).group(1)))
    except (OSError, AttributeError) as error:
        with lock:
            result.errors.append(f"reader {number} could not load the story: {error!r}")
        barrier.abort()
        return
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        return
    go.wait()
    for n, (token, action) in enumerate(forms):
        data = {
            "token": token,
            "comment": f"Reader {number}, comment {n}: all is well.",
            "author": f"Reader {number}",
            "email": f"reader{number}@reader.test",
        }
        request = Request(
            base + action,
            data=urlencode(data).encode(),
            headers={"Referer": base + story, "Origin": base.rstrip("/")},
        )
        started = time.perf_counter()
        try:
            with opener.open(request, timeout=120) as response:
                status = response.status
        except HTTPError as answer:
            status = answer.code
            if status != 302:
                page = answer.read().decode("utf-8", "replace")
                problem = re.search(r"<li>([^<]+)</li>", page)
                with lock:
                    result.errors.append(f"{status}: {problem.group(1) if problem else '?'}")
        except OSError as error:
            status = f"no answer: {error!r}"
        elapsed = time.perf_counter() - started
        with lock:
            result.statuses[status] += 1
            result.post_seconds.append(elapsed)


def post_concurrently(
    base: str, story: str, readers: int, posts: int, fill_seconds: float = 3.2
) -> LoadResult:
    """``readers`` threads each post ``posts`` comments to ``story``; all start together."""
    result = LoadResult()
    lock = threading.Lock()
    barrier = threading.Barrier(readers + 1)
    go = threading.Event()
    threads = [
        threading.Thread(target=_reader, args=(base, story, n, posts, result, lock, barrier, go))
        for n in range(readers)
    ]
    for thread in threads:
        thread.start()
    with suppress(threading.BrokenBarrierError):
        barrier.wait()  # every reader has its forms
    time.sleep(fill_seconds)  # as long as a person takes to type, for the form tokens
    started = time.perf_counter()
    go.set()
    for thread in threads:
        thread.join()
    result.wall_seconds = time.perf_counter() - started
    return result


@dataclass
class SqliteServer:
    base: str
    story: str
    database: Path

    def comment_bodies(self) -> list[str]:
        with sqlite3.connect(self.database) as connection:
            return [row[0] for row in connection.execute("SELECT body FROM comments_comment")]


@contextmanager
def sqlite_server(var_dir: Path):
    """Masthead on a fresh SQLite file under ``var_dir``, served on a free loopback port."""
    env = masthead_env(var_dir)
    port = free_port()
    masthead(env, "setup")
    made = masthead(env, "shell", "-c", SETUP_STORY.format(port=port))
    story = next(line.split()[1] for line in made.splitlines() if line.startswith("STORY"))
    with app_server(env, port) as base:
        yield SqliteServer(base, story, var_dir / "masthead.sqlite3")
