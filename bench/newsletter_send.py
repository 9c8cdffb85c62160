"""Send one edition to N confirmed subscribers through real SMTP; print messages/s and memory.

    .venv/bin/python bench/newsletter_send.py                      # N = 10,000 and 100,000
    .venv/bin/python bench/newsletter_send.py --sizes 2000 --rate 0

For each N: a scratch SQLite database under the temp dir (``masthead setup``),
N confirmed subscribers on one list and an edition with three stories, built
by this script in a subprocess. Then, in a fresh subprocess, an aiosmtpd server
is started in a process of its own on a free loopback port, and the edition is
sent to it with the same code the worker runs (``sending.deliver``): Django's
SMTP backend, one delivery record committed per message, the final "." of each
message held back until then. The table shows the send alone (preparing the N
delivery rows included), what the SMTP server counted, and the sending
process's resident memory: its peak before the send, the highest sample
(every 0.25 s) in the first and in the second half of the send, and the peak
overall. Flat halves mean memory does not grow with the number of recipients;
SQLite's page cache (capped at 20 MB by the settings) fills early in a large
send and accounts for most of the difference between the sizes.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def run_step(folder: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(MASTHEAD_VAR_DIR=str(folder), DEBUG="0", LOG_LEVEL="WARNING")
    result = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


# In the subprocesses ---------------------------------------------------------------


def setup_django() -> None:
    sys.path.insert(0, str(REPO / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    import django

    django.setup()


def build(size: int) -> None:
    """N confirmed subscribers on one list, and an edition ready to send."""
    setup_django()
    from django.db import transaction
    from django.utils import timezone

    from masthead.news.authoring import add_article, add_section, ensure_news_site
    from masthead.newsletters.models import (
        Edition,
        EditionArticle,
        NewsletterList,
        Subscriber,
        Subscription,
    )

    home = ensure_news_site("The Benchmark Times")
    section = add_section(home, "News")
    stories = [
        add_article(section, f"Story number {n}", paragraphs=["A paragraph of news. " * 12] * 3)
        for n in range(3)
    ]
    newsletter = NewsletterList.objects.create(name="Daily headlines", slug="daily")
    now = timezone.now()
    for start in range(0, size, 5000):
        with transaction.atomic():
            readers = Subscriber.objects.bulk_create(
                [
                    Subscriber(email=f"reader{n:07d}@example.org", name=f"Reader {n}")
                    for n in range(start, min(size, start + 5000))
                ]
            )
            Subscription.objects.bulk_create(
                [
                    Subscription(
                        subscriber=r, newsletter=newsletter, status="active", confirmed_at=now
                    )
                    for r in readers
                ]
            )
    edition = Edition.objects.create(newsletter=newsletter, subject="Benchmark edition")
    for position, story in enumerate(stories):
        EditionArticle.objects.create(edition=edition, article=story, sort_order=position)
    print(json.dumps({"edition": edition.pk}))


def sink_process(port: int, counter, ready) -> None:
    """An aiosmtpd server that counts the messages it accepts."""
    from aiosmtpd.controller import Controller

    class Counting:
        async def handle_DATA(self, server, session, envelope):
            with counter.get_lock():
                counter.value += 1
            return "250 OK"

    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        time.sleep(3600)


def measure(edition_id: int, rate: float) -> None:
    import multiprocessing
    import resource
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    counter = multiprocessing.Value("l", 0)
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=sink_process, args=(port, counter, ready), daemon=True)
    sink.start()
    ready.wait(10)

    os.environ.update(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        NEWSLETTER_SEND_RATE=str(rate),
    )
    setup_django()
    from masthead.newsletters.models import Delivery
    from masthead.newsletters.sending import deliver, start_sending

    start_sending(edition_id)  # renders the edition once (the queued task is never run here)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    samples: list[tuple[float, float]] = []
    done = threading.Event()

    def sample_memory() -> None:
        page_kb = os.sysconf("SC_PAGE_SIZE") / 1024
        while not done.wait(0.25):
            with open("/proc/self/statm") as statm:
                samples.append((time.perf_counter(), int(statm.read().split()[1]) * page_kb))

    sampler = threading.Thread(target=sample_memory, daemon=True)
    started = time.perf_counter()
    sampler.start()
    report = deliver(edition_id)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    middle = started + elapsed / 2
    first_half = max((kb for at, kb in samples if at < middle), default=0)
    second_half = max((kb for at, kb in samples if at >= middle), default=0)
    time.sleep(0.5)
    sink.terminate()
    print(
        json.dumps(
            {
                "sent": report.sent,
                "failed": report.failed,
                "finished": report.finished,
                "received": counter.value,
                "recorded": Delivery.objects.filter(status="sent").count(),
                "seconds": elapsed,
                "rss_before_mb": rss_before / 1024,
                "rss_peak_mb": rss_after / 1024,
                "rss_first_half_mb": first_half / 1024,
                "rss_second_half_mb": second_half / 1024,
            }
        )
    )


# The driver -----------------------------------------------------------------------------


def bench(size: int, rate: float, keep: bool) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"masthead-bench-newsletter-{size}-"))
    try:
        run_step(folder, PYTHON, "-m", "masthead", "setup")
        started = time.perf_counter()
        edition = json.loads(run_step(folder, PYTHON, __file__, "--build", str(size)))["edition"]
        build_seconds = time.perf_counter() - started
        result = json.loads(
            run_step(
                folder, PYTHON, __file__, "--measure", str(edition), "--rate", str(rate)
            ).splitlines()[-1]
        )
        result.update(size=size, build_seconds=build_seconds)
        return result
    finally:
        if keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'subscribers':>12} {'sent':>8} {'received':>9} {'seconds':>8} {'msg/s':>7} "
        f"{'RSS before':>11} {'1st half':>9} {'2nd half':>9} {'RSS peak':>9} {'build s':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['size']:>12,} {row['sent']:>8,} {row['received']:>9,} {row['seconds']:>8.1f} "
            f"{row['sent'] / row['seconds']:>7.0f} {row['rss_before_mb']:>9.0f}MB "
            f"{row['rss_first_half_mb']:>7.0f}MB {row['rss_second_half_mb']:>7.0f}MB "
            f"{row['rss_peak_mb']:>7.0f}MB {row['build_seconds']:>8.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rate", type=float, default=0, help="NEWSLETTER_SEND_RATE (0: no cap)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folders")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build is not None:
        build(args.build)
        return
    if args.measure is not None:
        measure(args.measure, args.rate)
        return
    rows = []
    for size in args.sizes:
        rows.append(bench(size, args.rate, args.keep))
        row = rows[-1]
        if row["received"] != size or row["recorded"] != size:
            print(f"WARNING: {size} subscribers, {row['received']} received", file=sys.stderr)
    print_table(rows)


if __name__ == "__main__":
    main()
