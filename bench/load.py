"""Masthead under load: requests per second of what readers ask for, over real HTTP.

Builds a scratch newsroom of N synthetic stories with reader comments (or reuses
one), serves it with ``masthead serve`` twice (page cache on, and off) with the
shipped nginx configuration in front of the cached one, checks every route once,
then drives each with wrk and prints a markdown table beside the targets.

    .venv/bin/python bench/load.py                      # 100,000 articles, 10 s a route
    .venv/bin/python bench/load.py --articles 2000 --duration 3
    .venv/bin/python bench/load.py --keep               # later: --reuse THE_PRINTED_DIR

See bench/README.md for what is built, how long it takes and how to read it.
"""

import argparse
import gzip
import http.client
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from email.message import Message
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote, urlsplit
from urllib.request import Request, urlopen

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))

from caching.test_nginx import NGINX, main_config, site_config  # noqa: E402
from servers import MASTHEAD, free_port, masthead, masthead_env, running  # noqa: E402

SEED = 1
COMMENTS_PER_ARTICLE = 0.5  # 50,000 approved comments over 100,000 stories
WALK_ARTICLES = 5_000  # distinct stories the uncached runs (warm-up and measured) walk
HOT_ARTICLE_COMMENTS = 50  # the repeated story is one with a thread this busy
SEARCH_WORDS = 4
MIN_WORD_CHARS = 5
FORM_FILL_SECONDS = 3.5  # a printed form is refused for this long (bots post at once)
CHECKED_WALKS = 3
WARM_UP_WALK = 300  # stories the warm-up walks, kept out of the measured walk
WARM_UP_SECONDS = 2
RUN_MARK = "{run mark}"  # in script arguments: replaced by a mark new to each wrk run
BUILD_TIMEOUT = 4 * 3600
FACTS_FILE = "load-facts.json"  # what --prepare found, kept for a look
# What every browser sends; without it the runs measure uncompressed pages.
GZIP = {"Accept-Encoding": "gzip"}
FORM_TOKEN = re.compile(r'name="token" value="([^"]+)"')
FORM_ACTION = re.compile(r'action="(/comments/post/\d+/)"')
WRK_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
# The targets: (route name, requests per second at least).
TARGETS = (
    ("article, uncached", 1_000),
    ("article, app page cache", 3_000),
    ("article, nginx cache HIT", 45_000),
)


# Inside the newsroom (``--prepare``, run under the scratch settings) ------------


def turn_flood_control_off() -> bool:
    """Every wrk connection posts from 127.0.0.1, which flood control would refuse at once."""
    from wagtail.models import Site

    from masthead.comments.models import CommentSettings

    rules = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    if rules.flood_seconds == 0:
        return False
    rules.flood_seconds = 0
    rules.save()
    return True


def page_links(ids: list[int]) -> list[tuple[str, str]]:
    """``(path, escaped headline)`` of these pages, in the order given."""
    from django.utils.html import escape
    from wagtail.models import Page

    pages = Page.objects.filter(pk__in=ids).only("title", "url_path").in_bulk()
    return [(pages[pk].get_url(), escape(pages[pk].title)) for pk in ids]


def walk_sample(rng: random.Random) -> list[tuple[str, str]]:
    """Distinct stories drawn from the whole archive, for the uncached run."""
    from masthead.news.models import ArticlePage

    ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
    return page_links(rng.sample(ids, min(len(ids), WALK_ARTICLES)))


def hot_article() -> dict:
    """The story the cached runs repeat: one with a busy comment thread under it."""
    from django.db.models import Count

    from masthead.comments.models import Comment
    from masthead.news.models import ArticlePage

    counts = (
        Comment.objects.approved()
        .values("article_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("article_id", "n")
    )
    ranked = sorted(counts, key=lambda row: (abs(row[1] - HOT_ARTICLE_COMMENTS), row[0]))
    if ranked:
        pk, comments = ranked[0]
    else:
        pk, comments = ArticlePage.objects.live().order_by("pk").values_list("pk")[0][0], 0
    path, headline = page_links([pk])[0]
    return {"path": path, "headline": headline, "comments": comments}


def newest_headline() -> str:
    """The home page and the feed lead with the newest story."""
    from django.utils.html import escape

    from masthead.news.models import ArticlePage

    newest = ArticlePage.objects.live().order_by("-first_published_at", "-pk").first()
    return escape(newest.title)


def first_section() -> tuple[str, str]:
    """``(path, escaped title)`` of the section listing the runs ask for."""
    from django.utils.html import escape

    from masthead.news.models import SectionPage

    section = SectionPage.objects.live().order_by("path").first()
    return section.get_url(), escape(section.title)


def common_words(headlines: list[str]) -> list[str]:
    """Words that many stories share: what a search costs when it matches thousands."""
    words = Counter(
        word
        for headline in headlines
        for word in re.findall(r"[a-z]+", headline.lower())
        if len(word) >= MIN_WORD_CHARS
    )
    return [word for word, _ in words.most_common(SEARCH_WORDS)]


def prepare() -> dict:
    """Everything the run needs to know about this newsroom, as JSON-ready data."""
    import django

    django.setup()
    from masthead.comments.models import Comment

    flood_was_on = turn_flood_control_off()
    walk = walk_sample(random.Random(SEED))
    section_path, section_title = first_section()
    return {
        "flood_control_turned_off": flood_was_on,
        "walk": walk,
        "hot": hot_article(),
        "newest": newest_headline(),
        "section": {"path": section_path, "title": section_title},
        "search_words": common_words([headline for _, headline in walk]),
        "comments": Comment.objects.approved().count(),
    }


# Building the scratch newsroom -------------------------------------------------


@dataclass
class Build:
    folder: Path
    reused: bool
    seconds: dict[str, float] = field(default_factory=dict)
    corpus_summary: str = ""


def timed_masthead(env: dict[str, str], *command: str) -> tuple[float, str]:
    """Seconds and output of one build step; update_index alone can take 20 minutes."""
    started = time.perf_counter()
    output = masthead(env, *command, timeout=BUILD_TIMEOUT)
    return time.perf_counter() - started, output


def build(folder: Path, articles: int, comments_per_article: float) -> Build:
    """``masthead setup``, the corpus with comments, and the search index /search/ needs.

    Generated stories bypass the signals that index pages, so without
    ``update_index`` every search would answer "no stories found" at once.
    """
    env = masthead_env(folder)
    result = Build(folder, reused=False)
    steps = {
        "masthead setup": ["setup"],
        "generate-corpus": [
            "generate-corpus",
            f"--articles={articles}",
            f"--seed={SEED}",
            f"--comments-per-article={comments_per_article}",
        ],
        "update_index": ["update_index"],
    }
    for name, command in steps.items():
        print(f"building: {name}", file=sys.stderr, flush=True)
        result.seconds[name], output = timed_masthead(env, *command)
        if name == "generate-corpus":
            result.corpus_summary = " ".join(output.split())
        print(f"  {result.seconds[name]:.1f} s", file=sys.stderr, flush=True)
    return result


def newsroom_facts(folder: Path) -> dict:
    """Run ``--prepare`` against the scratch database; it prints JSON."""
    env = masthead_env(folder, DJANGO_SETTINGS_MODULE="masthead.settings")
    done = subprocess.run(
        [sys.executable, __file__, "--prepare"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"Preparing the newsroom failed:\n{done.stderr}")
    facts = json.loads(done.stdout)
    (folder / FACTS_FILE).write_text(json.dumps(facts, indent=1))
    return facts


# The servers ------------------------------------------------------------------


def drain(process: subprocess.Popen, log: Path) -> None:
    """Copy a server's stderr to a file, so its request log never fills the pipe and stalls it."""

    def copy() -> None:
        with log.open("ab") as out:
            shutil.copyfileobj(process.stderr.buffer, out)

    threading.Thread(target=copy, daemon=True).start()


@dataclass(frozen=True)
class Server:
    """A running server: its address, and the process whose tree does its work."""

    base: str
    pid: int


@contextmanager
def app_server(env: dict[str, str], port: int, workers: int, log: Path) -> Iterator[Server]:
    """``masthead serve`` on loopback, as tests/servers.py starts it but with its log kept."""
    base = f"http://127.0.0.1:{port}"
    command = [str(MASTHEAD), "serve", "--port", str(port), "--workers", str(workers)]
    with running(command, env, base + "/healthz") as process:
        drain(process, log)
        yield Server(base, process.pid)


def nginx_config(app_port: int, nginx_port: int, work: Path, var_dir: Path) -> Path:
    """The shipped site file (ADJUST lines set as the test sets them) in a main file.

    The test's main file runs one worker process, enough for a test; a
    production nginx runs one per core (Debian's default, ``auto``).
    """
    site = work / "masthead.conf"
    site.write_text(site_config(app_port, nginx_port, work, var_dir))
    text = main_config(work, site)
    if "worker_processes 1;" not in text:
        raise SystemExit("tests/caching/test_nginx.py no longer writes 'worker_processes 1;'.")
    main = work / "nginx.conf"
    main.write_text(text.replace("worker_processes 1;", "worker_processes auto;"))
    checked = subprocess.run([NGINX, "-t", "-c", str(main)], capture_output=True, text=True)
    if checked.returncode:
        raise SystemExit(f"nginx refuses the configuration:\n{checked.stderr}")
    return main


@contextmanager
def nginx(main: Path, port: int, log: Path) -> Iterator[Server]:
    """Debian's nginx on the configuration ``nginx_config`` wrote, up once /healthz answers."""
    front = f"http://127.0.0.1:{port}"
    with running([NGINX, "-c", str(main)], dict(os.environ), front + "/healthz") as process:
        drain(process, log)
        yield Server(front, process.pid)


@dataclass
class Servers:
    cached: Server
    uncached: Server
    front: Server


def production_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """Production mode as docs/deployment.md measures it: plain HTTP on loopback.

    Production mode serves collected static files and checks hosts; the key is
    the same for every run on one folder, so forms printed on pages cached by
    an earlier run still verify.
    """
    return masthead_env(
        var_dir,
        MASTHEAD_PRODUCTION="1",
        SECURE_SSL_REDIRECT="0",
        SECRET_KEY=f"masthead-load-bench-only-{var_dir}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        **extra,
    )


@contextmanager
def servers(var_dir: Path, work: Path, workers: int) -> Iterator[Servers]:
    """Cached app server, cache-off app server, nginx in front of the cached one."""
    cached_port, uncached_port, nginx_port = free_port(), free_port(), free_port()
    front = f"http://127.0.0.1:{nginx_port}"
    main = nginx_config(cached_port, nginx_port, work, var_dir)
    with ExitStack() as stack:
        # One after the other: the first start collects the static files both use.
        cached = stack.enter_context(
            app_server(
                production_env(var_dir, MASTHEAD_FRONTEND_CACHE_URL=front),
                cached_port,
                workers,
                work / "app-cached.log",
            )
        )
        uncached = stack.enter_context(
            app_server(
                production_env(var_dir, MASTHEAD_PAGE_CACHE="0"),
                uncached_port,
                workers,
                work / "app-uncached.log",
            )
        )
        proxy = stack.enter_context(nginx(main, nginx_port, work / "nginx.log"))
        yield Servers(cached=cached, uncached=uncached, front=proxy)


# Routes and their one-off checks ----------------------------------------------


@dataclass
class Route:
    """One row of the table: what wrk asks for, and how to tell it is the real page."""

    name: str
    server: Server
    path: str = ""  # empty when the script names the paths
    # (path, texts it must show): checked once with urllib before wrk runs.
    checks: list[tuple[str, list[str]]] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)  # answered after a warm-up
    request_headers: dict[str, str] = field(default_factory=dict)  # sent by wrk and the check
    script: Path | None = None
    script_args: list[str] = field(default_factory=list)  # RUN_MARK: a mark new per run
    warm_up_args: list[str] | None = None  # for the warm-up run, when not script_args

    @property
    def url(self) -> str:
        return self.server.base + self.path


def page_route(
    name: str,
    server: Server,
    path: str,
    expect: list[str],
    headers: list[tuple[str, str]],
    request_headers: dict[str, str] | None = None,
) -> Route:
    """A route that asks for one address over and over."""
    return Route(name, server, path, [(path, expect)], headers, request_headers or {})


def walk_route(
    name: str,
    server: Server,
    paths: tuple[Path, Path],
    checks: list[tuple[str, list[str]]],
) -> Route:
    """A route that walks through addresses listed in a file (bench/load_walk.lua).

    ``paths`` are the measured list and the warm-up's: pages the warm-up
    fetched would be warm in the database's cache when measured.
    """
    measured, warm_up = paths
    return Route(
        name,
        server,
        checks=checks,
        script=BENCH / "load_walk.lua",
        script_args=[str(measured)],
        warm_up_args=[str(warm_up)],
    )


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, Message, str]:
    """Status, headers (looked up in any case: Granian sends them in lower case) and body.

    A gzipped body is unpacked, so that the same words can be looked for in it.
    """
    try:
        with urlopen(Request(url, headers=headers or {}), timeout=120) as response:  # noqa: S310
            status, found, raw = response.status, response.headers, response.read()
    except HTTPError as error:
        status, found, raw = error.code, error.headers, error.read()
    if found.get("Content-Encoding") == "gzip":
        raw = gzip.decompress(raw)
    return status, found, raw.decode("utf-8", "replace")


def check_get(route: Route) -> None:
    """Status 200 and the expected text, so that a table of fast 404s is impossible."""
    for path, expect in route.checks:
        url = route.server.base + path
        fetch(url, route.request_headers)  # warm-up: fills the page cache or nginx's
        status, headers, body = fetch(url, route.request_headers)
        if status != 200:
            raise SystemExit(f"{route.name}: {url} answered {status}, not 200")
        missing = [text for text in expect if text not in body]
        if missing:
            raise SystemExit(f"{route.name}: {url} does not show {missing}")
        for name, wanted in route.headers:
            if headers.get(name) != wanted:
                raise SystemExit(f"{route.name}: {url} has {name}: {headers.get(name)!r}")


def post_form(url: str, body: str, origin: str) -> tuple[int, str]:
    """One form POST without following the redirect: the 302 is the answer that counts."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(
            "POST",
            parts.path,
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": origin},
        )
        response = connection.getresponse()
        return response.status, response.getheader("Location", "")
    finally:
        connection.close()


def check_post(route: Route) -> None:
    """One comment through the same form wrk will use: a refused token would make 400s fast."""
    action, token, origin, _ = route.script_args
    body = (
        "comment=A+check+before+the+load+run.&author=Load+Check"
        f"&email=load.check.{time.time_ns()}%40reader.example&url=&parent=&contact_fax="
        f"&token={token}"
    )
    status, location = post_form(route.url, body, origin)
    if status != 302:
        raise SystemExit(f"{route.name}: the check POST answered {status}, not 302")
    print(f"  check POST: 302 to {location}", file=sys.stderr)


@dataclass
class Form:
    action: str
    token: str
    printed_at: float


def printed_form(article_url: str) -> Form:
    """The comment form's address and token, as the cached page gives every reader."""
    status, _, page = fetch(article_url)
    token, action = FORM_TOKEN.search(page), FORM_ACTION.search(page)
    if status != 200 or not token or not action:
        raise SystemExit(f"No comment form on {article_url} (status {status}).")
    return Form(action.group(1), token.group(1), time.monotonic())


def write_lines(path: Path, lines: list[str]) -> Path:
    """A list for load_walk.lua, which reads one path a line."""
    path.write_text("\n".join(lines) + "\n")
    return path


def reader_routes(facts: dict, servers: Servers, work: Path) -> list[Route]:
    """The GET routes, in the order they are measured."""
    hot, section = facts["hot"], facts["section"]
    thread = f"{hot['comments']} comment{'s' if hot['comments'] != 1 else ''}</h2>"
    hot_page = [hot["headline"], thread]
    walk = [path for path, _ in facts["walk"]]
    articles = (
        write_lines(work / "articles.txt", walk[WARM_UP_WALK:] or walk),
        write_lines(work / "articles-warm-up.txt", walk[:WARM_UP_WALK]),
    )
    searches = [f"/search/?q={word}" for word in facts["search_words"]]
    search_file = write_lines(work / "searches.txt", searches)
    hit, nginx_hit = [("X-Cache", "hit")], [("X-Proxy-Cache", "HIT")]
    gzipped = ("Content-Encoding", "gzip")
    cached, uncached, front = servers.cached, servers.uncached, servers.front
    return [
        page_route("home page, app page cache", cached, "/", [facts["newest"]], hit),
        walk_route(
            "article, uncached",
            uncached,
            articles,
            # From the warm-up's stretch: a checked page is warm.
            [(path, [title]) for path, title in facts["walk"][:CHECKED_WALKS]],
        ),
        page_route("article, app page cache", cached, hot["path"], hot_page, hit),
        page_route(
            "article, app page cache, gzip", cached, hot["path"], hot_page, [*hit, gzipped], GZIP
        ),
        page_route("article, nginx cache HIT", front, hot["path"], hot_page, nginx_hit),
        page_route(
            "article, nginx cache HIT, gzip",
            front,
            hot["path"],
            hot_page,
            [*nginx_hit, gzipped],
            GZIP,
        ),
        page_route(
            "section page, app page cache", cached, section["path"], [section["title"]], hit
        ),
        walk_route(
            "search, uncached",
            uncached,
            (search_file, search_file),
            [(searches[0], ["stories found"])],
        ),
        page_route("feed /feeds/rss/, app page cache", cached, "/feeds/rss/", ["<rss"], hit),
    ]


def comment_route(form: Form, server: Server) -> Route:
    """Readers posting to the hot story with the form its cached page printed."""
    return Route(
        "comment POST, app",
        server,
        form.action,
        script=BENCH / "load_post.lua",
        # The run's own mark keeps texts apart from earlier runs on a reused folder.
        script_args=[form.action, quote(form.token, safe=""), server.base, RUN_MARK],
    )


def wait_for_form(form: Form) -> None:
    """A form posted sooner than a person types is refused; wait out the rest of that time."""
    left = FORM_FILL_SECONDS - (time.monotonic() - form.printed_at)
    if left > 0:
        time.sleep(left)


# Measuring with wrk -------------------------------------------------------------


@dataclass
class WrkResult:
    requests: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int
    socket_errors: dict[str, int]
    statuses: dict[int, int]
    server_cpu_us: float | None = None  # CPU time of the server's processes per request
    wrk_cpu_us: float | None = None  # and of wrk, which shares the machine

    @property
    def errors(self) -> int:
        """Failed requests; a run in which nothing answered counts as failed too."""
        failed = self.non_2xx_3xx + sum(self.socket_errors.values())
        return failed if self.requests else max(failed, 1)

    def error_text(self) -> str:
        if not self.requests:
            return "no answer within the run"
        parts = [f"{self.non_2xx_3xx:,} non-2xx/3xx"] if self.non_2xx_3xx else []
        parts += [f"{count:,} {kind}" for kind, count in self.socket_errors.items() if count]
        client_errors = sum(n for status, n in self.statuses.items() if 400 <= status < 500)
        if client_errors:
            parts.append(f"of which 4xx {client_errors:,}")
        return ", ".join(parts) or "0"


def milliseconds(value: str, unit: str) -> float:
    return float(value) * WRK_UNITS_MS[unit]


def latency_at(output: str, percent: int) -> float:
    found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE)
    return milliseconds(*found.groups()) if found else float("nan")


def parse_wrk(output: str) -> WrkResult:
    """The numbers wrk prints with --latency (and the status lines load_post.lua adds)."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if not rate or not total:
        raise SystemExit(f"Could not read wrk's output:\n{output}")
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    kinds = ("connect", "read", "write", "timeout")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    statuses = re.findall(r"^status (\d+) (\d+)$", output, re.MULTILINE)
    answered = int(total.group(1))
    return WrkResult(
        requests=answered,
        requests_per_second=float(rate.group(1)),
        p50_ms=latency_at(output, 50) if answered else float("nan"),
        p99_ms=latency_at(output, 99) if answered else float("nan"),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=dict(zip(kinds, map(int, socket.groups()), strict=True)) if socket else {},
        statuses={int(status): int(count) for status, count in statuses},
    )


def process_tree(root: int) -> list[int]:
    """The process and all its descendants: Granian's or nginx's workers do the work."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        children.setdefault(parent, []).append(int(stat.parent.name))
    tree = [root]
    for pid in tree:  # grows while it is walked: breadth first
        tree += children.get(pid, [])
    return tree


def cpu_seconds(root: int) -> float | None:
    """User and system CPU time a server's processes have used (Linux), or None.

    Requests per second shrink when other work shares the machine; the CPU a
    request costs the server does not, so it is the figure to compare runs by.
    """
    ticks = 0
    for pid in process_tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            if pid == root:
                return None
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk_command(route: Route, args: argparse.Namespace, seconds: int, warm_up: bool) -> list[str]:
    """``wrk -tT -cC -dDs --latency URL``, with the route's headers and Lua script."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency"]
    for name, value in route.request_headers.items():
        command += ["-H", f"{name}: {value}"]
    if route.script:
        command += ["-s", str(route.script)]
    command.append(route.url)
    script_args = route.warm_up_args if warm_up and route.warm_up_args else route.script_args
    if script_args:
        mark = str(time.time_ns())
        command += ["--", *(mark if arg == RUN_MARK else arg for arg in script_args)]
    return command


def children_cpu_seconds() -> float:
    """CPU time of the finished child processes: around one wrk run, wrk's own."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(command: list[str], log: Path, title: str) -> str:
    """wrk's report; wrk failing stops the run (a missing script, a refused connection)."""
    seconds = int(next(arg for arg in command if arg.startswith("-d"))[2:-1])
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    with log.open("a") as out:
        out.write(f"# {title}\n$ {' '.join(command)}\n{done.stdout}{done.stderr}\n")
    if done.returncode:
        raise SystemExit(f"wrk failed on {title}:\n{done.stderr}")
    return done.stdout


def measure(route: Route, args: argparse.Namespace, log: Path) -> WrkResult:
    """A short unmeasured run first, so every worker has its templates and connections."""
    run_wrk(wrk_command(route, args, WARM_UP_SECONDS, warm_up=True), log, route.name + " (warm-up)")
    cpu_before, wrk_before = cpu_seconds(route.server.pid), children_cpu_seconds()
    output = run_wrk(wrk_command(route, args, args.duration, warm_up=False), log, route.name)
    cpu_after, wrk_after = cpu_seconds(route.server.pid), children_cpu_seconds()
    result = parse_wrk(output)
    if result.requests:
        result.wrk_cpu_us = (wrk_after - wrk_before) / result.requests * 1e6
    if cpu_before is not None and cpu_after is not None and result.requests:
        result.server_cpu_us = (cpu_after - cpu_before) / result.requests * 1e6
    return result


# Reporting ----------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def load_text(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{value:.2f}" for value in load)


def micros(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def ms(value: float) -> str:
    return "–" if value != value else f"{value:,.1f}"  # NaN: wrk printed no distribution


def results_table(results: list[tuple[Route, WrkResult]]) -> list[str]:
    lines = [
        "| route | requests/s | p50 ms | p99 ms | errors | CPU µs/request: server + wrk |",
        "|---|---:|---:|---:|---|---:|",
    ]
    for route, result in results:
        lines.append(
            f"| {route.name} | {result.requests_per_second:,.0f} | {ms(result.p50_ms)} "
            f"| {ms(result.p99_ms)} | {result.error_text()} "
            f"| {micros(result.server_cpu_us)} + {micros(result.wrk_cpu_us)} |"
        )
    return lines


def verdict(measured: float | None, wanted: float) -> str:
    """Met or missed only from a measurement; a route that did not run proves nothing."""
    if measured is None:
        return "not measured"
    return "met" if measured >= wanted else "missed"


def targets_table(results: list[tuple[Route, WrkResult]]) -> list[str]:
    """The issue's targets beside what this run measured."""
    by_name = {route.name: result for route, result in results}
    lines = ["| target | measured | |", "|---|---:|---|"]
    for name, wanted in TARGETS:
        result = by_name.get(name)
        measured = result.requests_per_second if result else None
        shown = f"{measured:,.0f} req/s" if measured is not None else "–"
        lines.append(f"| {name} ≥ {wanted:,} req/s | {shown} | {verdict(measured, wanted)} |")
    failing = [route.name for route, result in results if result.errors]
    errors = f"errors on {len(failing)} route(s): {', '.join(failing)}" if failing else "0 errors"
    no_errors = "met" if results and not failing else ("missed" if failing else "not measured")
    lines.append(f"| no errors | {errors} | {no_errors} |")
    return lines


def post_note(results: list[tuple[Route, WrkResult]], flood_off: str) -> str:
    """What the comment POSTs were answered: wrk's error count does not tell 302s from 4xx."""
    for route, result in results:
        if route.script and route.script.name == "load_post.lua":
            answers = ", ".join(
                f"{status} × {count:,}" for status, count in sorted(result.statuses.items())
            )
            return (
                f"Comment POST answers: {answers or 'none counted'} (302: accepted; new "
                f"readers' comments are held for moderation). {flood_off}"
            )
    return ""


def report(
    results: list[tuple[Route, WrkResult]],
    args: argparse.Namespace,
    facts: dict,
    loads: tuple[tuple[float, float, float], tuple[float, float, float]],
    build_result: Build,
) -> str:
    flood = (
        "Flood control was turned off for the bench (CommentSettings.flood_seconds = 0 "
        "in the scratch database): every wrk connection posts from 127.0.0.1."
    )
    lines = [
        f"Load run of {date.today().isoformat()}: {build_summary(build_result)}",
        f"Comments in the archive: {facts['comments']:,}; the repeated story has "
        f"{facts['hot']['comments']} ({facts['hot']['path']}); the uncached run walks up to "
        f"{max(len(facts['walk']) - WARM_UP_WALK, 0):,} distinct stories (its warm-up "
        f"{min(len(facts['walk']), WARM_UP_WALK)} others); search words: "
        f"{', '.join(facts['search_words'])}.",
        "",
        *results_table(results),
        "",
        f"Machine: {os.cpu_count()} cores ({cpu_model()}), load average (1/5/15 min) "
        f"{load_text(loads[0])} before the run, {load_text(loads[1])} after. wrk "
        f"-t{args.threads} -c{args.connections} -d{args.duration}s runs on the same "
        f"machine (after a {WARM_UP_SECONDS} s warm-up per route); each `masthead serve` "
        f"(MASTHEAD_PRODUCTION=1, DEBUG off, SQLite, embedded page cache) has {args.workers} "
        "workers; nginx one worker per core.",
        "",
        *targets_table(results),
        "",
        post_note(results, flood),
    ]
    return "\n".join(lines)


def build_summary(result: Build) -> str:
    """How long the scratch newsroom took to build, step by step."""
    if result.reused:
        return f"reused {result.folder}."
    steps = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in result.seconds.items())
    total = sum(result.seconds.values())
    return f"built in {total:.0f} s ({steps}). {result.corpus_summary}"


# The run ------------------------------------------------------------------------


def measure_all(
    routes: list[Route], args: argparse.Namespace, log: Path
) -> list[tuple[Route, WrkResult]]:
    """One route after the other: run side by side they would share the two cores."""
    results = []
    for route in routes:
        print(f"measuring: {route.name}", file=sys.stderr, flush=True)
        results.append((route, measure(route, args, log)))
    return results


def checked_routes(facts: dict, running_servers: Servers, work: Path) -> list[Route]:
    """Every route, each checked once; the comment form is fetched first so it ages meanwhile."""
    routes = reader_routes(facts, running_servers, work)
    form = printed_form(running_servers.cached.base + facts["hot"]["path"])
    for route in routes:
        print(f"checking: {route.name}", file=sys.stderr, flush=True)
        check_get(route)
    posting = comment_route(form, running_servers.cached)
    wait_for_form(form)
    check_post(posting)
    return [*routes, posting]


def run(folder: Path, build_result: Build, args: argparse.Namespace) -> str:
    """Prepare, serve, check, measure; the report as markdown."""
    facts = newsroom_facts(folder)
    work = folder / "load-bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    with servers(folder, work, args.workers) as running_servers:
        routes = checked_routes(facts, running_servers, work)
        before = os.getloadavg()
        results = measure_all(routes, args, work / "wrk.log")
        after = os.getloadavg()
    return report(results, args, facts, (before, after), build_result)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="Archive size (100000).")
    parser.add_argument("--duration", type=int, default=10, help="Seconds of wrk per route (10).")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (32).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2).")
    parser.add_argument("--workers", type=int, default=2, help="Workers per app server (2).")
    parser.add_argument(
        "--comments-per-article",
        type=float,
        default=COMMENTS_PER_ARTICLE,
        help=f"Approved comments per story on average ({COMMENTS_PER_ARTICLE}).",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the scratch folder.")
    parser.add_argument("--reuse", type=Path, help="A folder a --keep run built: no build.")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.prepare:
        print(json.dumps(prepare()))
        return
    if args.reuse:
        folder = args.reuse.resolve()
        build_result = Build(folder, reused=True)
    else:
        folder = Path(tempfile.mkdtemp(prefix=f"masthead-load-{args.articles}-"))
        print(f"scratch folder: {folder}", file=sys.stderr, flush=True)
    try:
        if not args.reuse:
            build_result = build(folder, args.articles, args.comments_per_article)
        print(run(folder, build_result, args))
    finally:
        if args.keep or args.reuse:
            print(f"kept {folder} (--reuse it next time)", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
