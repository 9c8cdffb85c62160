"""The local spam filter and `masthead evaluate-spam`."""

import csv
import io
import random

import pytest
from django.core.management import CommandError, call_command

from masthead.comments.classifier import Example, SpamFilter, features
from masthead.comments.models import SpamCorpus, SpamToken

pytestmark = pytest.mark.django_db

SPAM_WORDS = ["cheap", "casino", "bonus", "pills", "replica", "loans", "crypto", "winner"]
HAM_WORDS = ["library", "council", "choir", "market", "school", "bakery", "festival", "bus"]


def message(rng: random.Random, spam: bool) -> str:
    words = rng.sample(SPAM_WORDS if spam else HAM_WORDS, 3) + rng.sample(
        ["the", "a", "today", "this", "week", "our", "great"], 3
    )
    rng.shuffle(words)
    text = " ".join(words)
    return text + (f" https://shop{rng.randint(1, 9)}.example" if spam else "")


def write_corpus(path, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows(rows)


def test_features_cover_words_links_and_the_website():
    found = features(
        Example("Visit https://www.Shop.example/x and WWW.other.example now", "Bob", "http://b.ru")
    )
    assert {"visit", "now", "links:2", "domain:shop.example", "tld:example"} <= found
    assert {"site:given", "site:b.ru", "name:bob"} <= found


def test_learning_and_forgetting_are_exact_opposites():
    spam_filter = SpamFilter("unit")
    example = Example("cheap pills https://pills.example")
    spam_filter.learn([(example, True)])
    spam_filter.learn([(example, True)], forget=True)
    assert set(SpamToken.objects.filter(namespace="unit").values_list("spam", "ham")) == {(0, 0)}
    corpus = SpamCorpus.objects.get(namespace="unit")
    assert (corpus.spam_documents, corpus.spam_features) == (0, 0)


def test_evaluate_spam_reports_precision_and_recall(tmp_path):
    rng = random.Random(7)
    rows = [(message(rng, spam), int(spam)) for spam in [True] * 60 + [False] * 60]
    rows.append(("", 1))  # skipped: no text
    rows.append(("no label here", "maybe"))  # skipped: bad label
    path = tmp_path / "corpus.csv"
    write_corpus(path, rows)
    out, err = io.StringIO(), io.StringIO()

    call_command("evaluate_spam", str(path), "--seed", "3", stdout=out, stderr=err)

    report = out.getvalue()
    assert "120 messages (60 spam, 60 not); trained on 90, tested on 30" in report
    assert "precision" in report and "recall" in report
    hold_line = next(line for line in report.splitlines() if line.startswith("hold"))
    precision, recall = (float(value) for value in hold_line.split()[3:5])
    assert precision > 0.9 and recall > 0.9
    assert "Skipped 2 rows" in err.getvalue()
    # The evaluation cleaned up after itself and never touched the site's filter.
    assert not SpamToken.objects.exists()
    assert not SpamCorpus.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("words,score\nhello,1\n", "'text' and 'label'"),
        ("text,label\nonly ham,0\nmore ham,0\nstill ham,0\nham,0\n", "both spam"),
        ("", "'text' and 'label'"),
    ],
)
def test_evaluate_spam_explains_unusable_files(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_spam", str(path))


def test_evaluate_spam_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("evaluate_spam", str(tmp_path / "nowhere.csv"))
