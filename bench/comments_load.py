"""Concurrent comment posting through real HTTP against the embedded SQLite default.

    .venv/bin/python bench/comments_load.py                    # 8 readers × 200 comments
    .venv/bin/python bench/comments_load.py --readers 16 --posts 50

Starts Masthead (``masthead runserver``, threaded) in a subprocess on a fresh
SQLite file in a scratch folder, WAL mode and IMMEDIATE transactions as
configured in production. Each reader loads the story once per comment it will
send (cookies, CSRF and form token, like a browser), waits the form's minimum
fill time, then all readers post at once. Prints the answers, how many comments
were stored, throughput and latency per post. Flood control is switched off for
the run (all readers share 127.0.0.1); every other rule applies.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "comments"))

from comments_load import post_concurrently, sqlite_server  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--posts", type=int, default=200, help="comments per reader")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="masthead-bench-comment-load-"))
    try:
        with sqlite_server(folder) as server:
            result = post_concurrently(server.base, server.story, args.readers, args.posts)
            stored = server.comment_bodies()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sent = args.readers * args.posts
    latencies = [seconds * 1000 for seconds in result.post_seconds]
    print(
        f"{'readers':>8} {'posts':>6} {'answers':>14} {'stored':>7} {'unique':>7} "
        f"{'posts/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}"
    )
    answers = ",".join(
        f"{status}×{count}" for status, count in sorted(result.statuses.items(), key=str)
    )
    print(
        f"{args.readers:>8} {sent:>6} {answers:>14} {len(stored):>7} {len(set(stored)):>7} "
        f"{sent / result.wall_seconds:>8.1f} {percentile(latencies, 0.5):>7.1f} "
        f"{percentile(latencies, 0.99):>7.1f} {max(latencies):>7.1f}"
    )
    for error in result.errors[:10]:
        print("error:", error)
    if result.errors or len(stored) != sent or set(result.statuses) != {302}:
        raise SystemExit("Comments were lost or refused.")


if __name__ == "__main__":
    main()
