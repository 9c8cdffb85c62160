"""The words of a story, as the similarity model and the search evaluation see them.

Kept apart from the model so that one article (in the worker) and a whole
archive (in a rebuild) are reduced to words exactly the same way.
"""

import json
import re
from html import unescape

# Letters of any script (two or more), or numbers of three digits or more (years, laws).
_TOKEN = re.compile(r"[^\W\d_]{2,}|\d{3,}")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
# The headline says what a story is about more than any sentence of its body does.
HEADLINE_WEIGHT = 3

# Words that say nothing about what a story is about. Written for news English;
# other languages rely on inverse document frequency alone.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "said",
        "same",
        "says",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "one",
        "two",
        "new",
        "year",
        "years",
    ]
)


def tokens(text: str) -> list[str]:
    """Lower-cased words of ``text`` without stop words, in order."""
    return [word for word in _TOKEN.findall(text.lower()) if word not in STOP_WORDS]


def html_to_text(html: str) -> str:
    """Text of a rich-text fragment: a quick regex pass, enough for word counts."""
    return _SPACE.sub(" ", unescape(_TAG.sub(" ", html))).strip()


def body_text(raw_body) -> str:
    """Plain text of a StreamField body, from its stored JSON (a string or a list of blocks).

    Reads the raw data rather than the StreamValue: building blocks for 100,000
    stories costs minutes, reading their JSON seconds.
    """
    if not raw_body:
        return ""
    data = json.loads(raw_body) if isinstance(raw_body, str | bytes) else raw_body
    pieces: list[str] = []
    for block in data or ():
        if not isinstance(block, dict):
            continue
        value = block.get("value")
        kind = block.get("type")
        if kind == "paragraph" and isinstance(value, str):
            pieces.append(html_to_text(value))
        elif kind == "heading" and isinstance(value, dict):
            pieces.append(str(value.get("text", "")))
        elif kind in {"blockquote", "pullquote"} and isinstance(value, dict):
            pieces.append(str(value.get("quote", "")))
        elif kind == "preformatted" and isinstance(value, str):
            pieces.append(value)
    return " ".join(piece for piece in pieces if piece)


def story_terms(title: str, standfirst: str, body: str) -> list[str]:
    """The words one story is indexed by: the headline counted several times, then the rest."""
    return tokens(title) * HEADLINE_WEIGHT + tokens(standfirst) + tokens(body)
