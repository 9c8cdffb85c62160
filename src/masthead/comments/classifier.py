"""A local naive Bayes spam filter that learns from the moderators' decisions.

Each comment becomes a set of features: its words, how many links it holds and
where they point, and whether the author gave a website. The filter counts, per
feature, how many spam and how many wanted ("ham") comments carried it, in the
database, so every process shares one memory and a moderator's click teaches it
at once. Scoring is multinomial naive Bayes over feature presence with Laplace
smoothing; the score is the probability that a comment is spam.

Every path that teaches the filter goes through :meth:`SpamFilter.learn`: the
moderation queue and ``masthead evaluate-spam`` alike.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import transaction

from .models import SpamCorpus, SpamToken

SITE_NAMESPACE = "site"
# The filter keeps quiet until it has seen this many decisions of each kind.
MIN_DOCUMENTS_PER_CLASS = 5
MAX_TOKEN_CHARS = 64
QUERY_CHUNK = 500

_WORD = re.compile(r"[^\W\d_][\w'’-]{1,29}", re.UNICODE)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


@dataclass(frozen=True)
class Example:
    """What the filter looks at in a comment (never the author's email or IP address)."""

    text: str
    author_name: str = ""
    author_url: str = ""


def _host(url: str) -> str:
    if not url.lower().startswith(("http://", "https://")):
        url = "http://" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _link_bucket(count: int) -> str:
    return f"links:{count}" if count < 3 else "links:3+"


def features(example: Example) -> set[str]:
    """The set of features of one comment; each counts once however often it occurs."""
    found: set[str] = {word.casefold()[:MAX_TOKEN_CHARS] for word in _WORD.findall(example.text)}
    links = _URL.findall(example.text)
    found.add(_link_bucket(len(links)))
    for link in links:
        host = _host(link)
        if host:
            found.add(f"domain:{host}"[:MAX_TOKEN_CHARS])
            found.add(f"tld:{host.rsplit('.', 1)[-1]}"[:MAX_TOKEN_CHARS])
    if example.author_url:
        found.add("site:given")
        host = _host(example.author_url)
        if host:
            found.add(f"site:{host}"[:MAX_TOKEN_CHARS])
    name_words = _WORD.findall(example.author_name)
    found.update(f"name:{word.casefold()}"[:MAX_TOKEN_CHARS] for word in name_words)
    if len(name_words) > 3:
        found.add("name:long")
    letters = [char for char in example.text if char.isalpha()]
    if len(letters) > 20 and sum(char.isupper() for char in letters) > len(letters) / 2:
        found.add("shouting")
    return found


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), QUERY_CHUNK):
        yield items[start : start + QUERY_CHUNK]


class SpamFilter:
    """The filter of one namespace: ``site`` for the live site, others for evaluations."""

    def __init__(self, namespace: str = SITE_NAMESPACE):
        self.namespace = namespace

    # Learning ------------------------------------------------------------

    def learn(self, examples: Iterable[tuple[Example, bool]], *, forget: bool = False) -> int:
        """Count (or, with ``forget``, uncount) labelled examples; True means spam.

        All counts change in one transaction, after locking the namespace's totals
        row, so concurrent moderators never lose an update. Returns how many
        examples were counted.
        """
        sign = -1 if forget else 1
        spam_counts: Counter[str] = Counter()
        ham_counts: Counter[str] = Counter()
        documents = {True: 0, False: 0}
        for example, is_spam in examples:
            found = features(example)
            (spam_counts if is_spam else ham_counts).update(found)
            documents[is_spam] += 1
        if not documents[True] and not documents[False]:
            return 0
        with transaction.atomic():
            corpus = self._locked_corpus()
            tokens = sorted(set(spam_counts) | set(ham_counts))
            existing = {}
            for chunk in _chunks(tokens):
                for row in SpamToken.objects.filter(namespace=self.namespace, token__in=chunk):
                    existing[row.token] = row
            new_rows = []
            for token in tokens:
                row = existing.get(token)
                if row is None:
                    if forget:
                        continue
                    row = SpamToken(namespace=self.namespace, token=token)
                    new_rows.append(row)
                row.spam = max(row.spam + sign * spam_counts[token], 0)
                row.ham = max(row.ham + sign * ham_counts[token], 0)
            SpamToken.objects.bulk_update(existing.values(), ["spam", "ham"], batch_size=500)
            SpamToken.objects.bulk_create(new_rows, batch_size=500)
            corpus.spam_documents = max(corpus.spam_documents + sign * documents[True], 0)
            corpus.ham_documents = max(corpus.ham_documents + sign * documents[False], 0)
            corpus.spam_features = max(corpus.spam_features + sign * spam_counts.total(), 0)
            corpus.ham_features = max(corpus.ham_features + sign * ham_counts.total(), 0)
            corpus.vocabulary += len(new_rows)
            corpus.save()
        return documents[True] + documents[False]

    def _locked_corpus(self) -> SpamCorpus:
        SpamCorpus.objects.get_or_create(namespace=self.namespace)
        return SpamCorpus.objects.select_for_update().get(namespace=self.namespace)

    def discard(self) -> None:
        """Forget everything this namespace learned (evaluations clean up with this)."""
        SpamToken.objects.filter(namespace=self.namespace).delete()
        SpamCorpus.objects.filter(namespace=self.namespace).delete()

    # Scoring -------------------------------------------------------------

    def score(self, example: Example) -> float | None:
        """Probability that ``example`` is spam, or None while the filter knows too little."""
        corpus = SpamCorpus.objects.filter(namespace=self.namespace).first()
        if corpus is None or min(corpus.spam_documents, corpus.ham_documents) < (
            MIN_DOCUMENTS_PER_CLASS
        ):
            return None
        found = sorted(features(example))
        counts = []
        for chunk in _chunks(found):
            rows = SpamToken.objects.filter(namespace=self.namespace, token__in=chunk)
            counts += rows.values_list("spam", "ham")
        return spam_probability(corpus, counts)


def spam_probability(corpus: SpamCorpus, counts: Iterable[tuple[int, int]]) -> float:
    """Naive Bayes posterior from the totals and the (spam, ham) counts of known features."""
    documents = corpus.spam_documents + corpus.ham_documents
    log_spam = math.log(corpus.spam_documents / documents)
    log_ham = math.log(corpus.ham_documents / documents)
    vocabulary = max(corpus.vocabulary, 1)
    spam_denominator = math.log(corpus.spam_features + vocabulary)
    ham_denominator = math.log(corpus.ham_features + vocabulary)
    for spam, ham in counts:
        if spam + ham == 0:
            continue
        log_spam += math.log(spam + 1) - spam_denominator
        log_ham += math.log(ham + 1) - ham_denominator
    difference = log_ham - log_spam
    if difference > 700:
        return 0.0
    return 1.0 / (1.0 + math.exp(difference))
