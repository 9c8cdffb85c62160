"""Slow and idle clients against ``masthead serve``, alone and behind the shipped nginx.

A reader on a bad mobile line, or an attacker with a laptop (slowloris), opens
connections and sends nothing, or sends a request one byte a second. Each run
here holds N such connections open (12, 100, 1,000) and, while they dribble,
times ordinary requests from a well-behaved client: ``/healthz`` (a Django view,
so it needs a Python thread) and the newsletter sign-up page (a template and the
database). A server that gives a thread to each dribbling connection stops
answering after a handful; one that reads requests outside Python does not.

    .venv/bin/python bench/slow_clients.py                 # 12, 100 and 1,000 of each kind
    .venv/bin/python bench/slow_clients.py --counts 12 --hold 10

The server runs one worker (four Python threads), the smallest production
set-up, so that a held thread shows at once. Prints a markdown table.
"""

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, suppress
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))
sys.path.insert(0, str(BENCH))

from load import app_server, nginx, nginx_config, production_env  # noqa: E402
from servers import free_port, masthead  # noqa: E402

KINDS = ("idle", "slow headers", "slow body")
PROBES = ("/healthz", "/newsletters/")
REQUEST_TIMEOUT = 10.0
TRICKLE_SECONDS = 1.0


async def dribble(host: str, port: int, kind: str, stop: asyncio.Event, opened: list) -> None:
    """One misbehaving connection: nothing at all, or a request one byte a second."""
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        opened.append(False)
        return
    opened.append(True)
    if kind == "slow headers":
        pending = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 4096
    elif kind == "slow body":
        head = (
            "POST /newsletters/subscribe/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
        )
        writer.write(head.encode())
        pending = b"e" * 100_000
    else:
        pending = b""
    try:
        while not stop.is_set():
            if pending:
                writer.write(pending[:1])
                pending = pending[1:]
                await writer.drain()
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), TRICKLE_SECONDS)
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


def hold(host: str, port: int, kind: str, count: int, seconds: float, ready: threading.Event):
    """Keep ``count`` connections of ``kind`` open for ``seconds`` (runs its own event loop)."""

    async def main() -> list:
        stop, opened = asyncio.Event(), []
        tasks = [asyncio.create_task(dribble(host, port, kind, stop, opened)) for _ in range(count)]
        while len(opened) < count:
            await asyncio.sleep(0.05)
        ready.set()
        await asyncio.sleep(seconds)
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        return opened

    return asyncio.run(main())


def probe(base: str, path: str, rounds: int) -> tuple[list[float], int]:
    """Latencies (ms) of ``rounds`` ordinary GETs, and how many failed or timed out."""
    latencies, failures = [], 0
    for _ in range(rounds):
        started = time.perf_counter()
        try:
            with urlopen(base + path, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
                response.read()
                ok = response.status == 200
        except (URLError, OSError, TimeoutError) as error:
            print(f"  {path}: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
            ok = False
        elapsed = (time.perf_counter() - started) * 1000
        if ok:
            latencies.append(elapsed)
        else:
            failures += 1
    return latencies, failures


def measure(base: str, kind: str, count: int, hold_seconds: float, rounds: int) -> dict:
    host, port = base.removeprefix("http://").split(":")
    ready = threading.Event()
    outcome: dict = {}
    holder = threading.Thread(
        target=lambda: outcome.setdefault(
            "opened", hold(host, int(port), kind, count, hold_seconds, ready)
        ),
        daemon=True,
    )
    holder.start()
    ready.wait(60)
    time.sleep(2)  # let the server see the connections (and slow headers start to dribble)
    results = {}
    for path in PROBES:
        latencies, failures = probe(base, path, rounds)
        results[path] = (latencies, failures)
    holder.join(hold_seconds + 60)
    opened = outcome.get("opened", [])
    return {"opened": sum(opened), "results": results}


def row(server: str, kind: str, count: int, measured: dict, rounds: int) -> str:
    cells = [server, kind, str(count), str(measured["opened"])]
    for path in PROBES:
        latencies, failures = measured["results"][path]
        if latencies:
            p50 = statistics.median(latencies)
            worst = max(latencies)
            cells.append(f"{p50:.1f} / {worst:.0f}")
        else:
            cells.append("–")
        cells.append(f"{failures}/{rounds}")
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[12, 100, 1000])
    parser.add_argument("--hold", type=float, default=20.0, help="seconds each set stays open")
    parser.add_argument("--rounds", type=int, default=20, help="probe requests per page")
    parser.add_argument("--no-nginx", action="store_true")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 8192)), hard))

    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="masthead-slow-")))
        var_dir = work / "var"
        env = production_env(var_dir, LOG_LEVEL="WARNING")
        print("building: masthead setup", file=sys.stderr, flush=True)
        masthead(env, "setup")
        app_port = free_port()
        app = stack.enter_context(app_server(env, app_port, 1, work / "app.log"))
        servers = {"masthead serve": app.base}
        if not args.no_nginx:
            nginx_port = free_port()
            main_file = nginx_config(app_port, nginx_port, work, var_dir)
            front = stack.enter_context(nginx(main_file, nginx_port, work / "nginx.log"))
            servers["nginx → masthead serve"] = front.base

        header = ["Server", "Clients", "N", "Opened"]
        for path in PROBES:
            header += [f"{path} p50 / max ms", f"{path} failed"]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for name, base in servers.items():
            baseline = measure(base, "idle", 0, 0.5, args.rounds)
            lines.append(row(name, "none", 0, baseline, args.rounds))
            for kind in KINDS:
                for count in args.counts:
                    print(f"measuring: {name}, {count} × {kind}", file=sys.stderr, flush=True)
                    measured = measure(base, kind, count, args.hold, args.rounds)
                    lines.append(row(name, kind, count, measured, args.rounds))
                    time.sleep(1)
        print("\n".join(lines))


if __name__ == "__main__":
    main()
