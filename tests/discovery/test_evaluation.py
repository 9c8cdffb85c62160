"""evaluate-discovery's pieces and rebuild-related, on small corpora written here."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from masthead.demo.labelled_corpus import write_stories
from masthead.discovery.evaluation import (
    CorpusError,
    evaluate_search,
    read_corpus,
    related_precision,
)
from masthead.discovery.related import rebuild_all

TOPICS = {
    "sport": "The striker scored a goal and the club won the league match at the stadium.",
    "music": "The orchestra played a symphony and the choir sang at the concert hall.",
    "farming": "Farmers harvested wheat and apples while tractors ploughed the fields.",
}


def corpus_lines() -> list[dict]:
    return [
        {
            "title": f"{label.title()} story {n} {word}",
            "body": f"{text} Report {n} mentions {word}{n} and {label}{n}.",
            "label": label,
            "date": f"2024-03-{n + 1:02d}",
        }
        for label, text in TOPICS.items()
        for n, word in enumerate(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"])
    ]


def test_reads_jsonl_and_csv(tmp_path):
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text("\n".join(json.dumps(line) for line in corpus_lines()) + "\n\n")
    stories, skipped = read_corpus(jsonl)
    assert len(stories) == 18 and skipped == 0
    assert stories[0].published.date().isoformat() == "2024-03-01"

    csv_file = tmp_path / "corpus.csv"
    csv_file.write_text('title,body,label\n"A, b",Body one,x\nB,Body two,y\n,,\n')
    stories, skipped = read_corpus(csv_file)
    assert [s.title for s in stories] == ["A, b", "B"] and skipped == 1


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("c.jsonl", '{"title": "a"}\n', "missing body, label"),
        ("c.jsonl", "not json\n", "line 1: not JSON"),
        ("c.jsonl", '{"title":"a","body":"b","label":"c","date":"soon"}\n' * 2, "YYYY-MM-DD"),
        ("c.csv", "name,text\nx,y\n", "header must name"),
        ("c.txt", "hello", ".csv, .tsv or .jsonl"),
        ("c.jsonl", '{"title":"a","body":"b","label":"c"}\n', "at least two"),
    ],
)
def test_bad_corpus_files_get_a_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(CorpusError, match=message):
        read_corpus(path)


def test_command_reports_a_missing_file_without_a_traceback(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("evaluate_discovery", str(tmp_path / "missing.jsonl"))


@pytest.mark.django_db
def test_loaded_corpus_gives_high_precision_and_finds_known_items(tmp_path, home):
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in corpus_lines()))
    stories, _ = read_corpus(path)
    ids = write_stories(stories)
    call_command("update_index", verbosity=0)
    rebuild_all()
    precision, measured = related_precision({i: s.label for i, s in zip(ids, stories, strict=True)})
    assert measured == 18
    assert precision > 0.9
    headline, rare = evaluate_search(ids, sample_size=6)
    assert headline.recall_at_10 == 1.0 and rare.recall_at_10 == 1.0


@pytest.mark.django_db
def test_rebuild_related_command_reports_what_it_stored(story):
    story("Library reopens", "Books and reading rooms for everyone.")
    story("Library adds desks", "Books, desks and reading rooms.")
    out = StringIO()
    call_command("rebuild_related", verbosity=0, stdout=out)
    assert "2 stories, 2 suggestions stored" in out.getvalue()
