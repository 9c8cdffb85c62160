"""Discovery at scale: related-list rebuild and update times, search latency and quality.

Builds a scratch SQLite database (``masthead setup`` + ``masthead
generate-corpus --articles N``), builds Wagtail's search index for it with
``masthead update_index`` (generated stories bypass the signals that would
index them), then runs itself again in ``--measure`` mode against it:

1. ``rebuild_all()``: every live story's list, as ``masthead rebuild-related``;
2. ``refresh_story()`` for ``--updates`` random stories, as the worker does on
   publish (the story's vector, its own list, and the lists it touches);
3. known-item searches (headline; three rare body words) for ``--queries``
   random stories through the search function /search/ uses: recall@10, MRR,
   p50/p95 latency.

    .venv/bin/python bench/discovery.py [--size 100000] [--updates 20] [--queries 200]

Faker's generated text is nonsense drawn from a small vocabulary, so the
quality figures here only say that search finds known items; related-story
quality is measured on real labelled news with ``masthead evaluate-discovery``.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = 1


def measure(updates: int, queries: int) -> dict:
    import django

    django.setup()
    from masthead.discovery import story_index
    from masthead.discovery.evaluation import evaluate_search, percentile
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

    search = evaluate_search(ids, queries, seed=SEED)
    return {
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
        "search": [row.__dict__ for row in search],
    }


def timed(command: list[str], env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return time.perf_counter() - started, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=20)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch folder.")
    parser.add_argument(
        "--reuse", type=Path, help="Measure an existing scratch folder (built and indexed)."
    )
    parser.add_argument("--measure", action="store_true", help="(internal) measure only")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.updates, args.queries)))
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
    print("| search query | queries | recall@10 | MRR | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in result["search"]:
        print(
            f"| {row['kind']} | {row['queries']} | {row['recall_at_10']:.3f} | {row['mrr']:.3f} "
            f"| {row['p50_ms']:.1f} | {row['p95_ms']:.1f} |"
        )


if __name__ == "__main__":
    main()
