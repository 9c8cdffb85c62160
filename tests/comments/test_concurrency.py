"""Many readers posting at once through real HTTP: nothing lost, nothing fails.

Eight readers, each with its own cookies, load the story and post to it at the
same time through a real threaded HTTP server. Every post must be answered with
a redirect and every comment must be stored exactly once.

On SQLite the server is Masthead in a subprocess on a SQLite file (WAL,
IMMEDIATE transactions), as production runs it; on PostgreSQL it is
pytest-django's live server on the test database. ``MASTHEAD_TEST_COMMENT_POSTS``
sets posts per reader (default 25); bench/comments_load.py runs 8 × 200.
"""

import os

import pytest
from comments_load import post_concurrently, sqlite_server
from django.db import connection

from masthead.comments.models import Comment

READERS = 8
POSTS_PER_READER = int(os.environ.get("MASTHEAD_TEST_COMMENT_POSTS", "25"))


def assert_nothing_lost(result, bodies: list[str]) -> None:
    expected = READERS * POSTS_PER_READER
    assert not result.errors, result.errors
    assert dict(result.statuses) == {302: expected}
    assert len(bodies) == len(set(bodies)) == expected
    assert set(bodies) == {
        f"Reader {reader}, comment {n}: all is well."
        for reader in range(READERS)
        for n in range(POSTS_PER_READER)
    }


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file server")
def test_eight_readers_posting_at_once_on_sqlite(tmp_path):
    with sqlite_server(tmp_path) as server:
        result = post_concurrently(server.base, server.story, READERS, POSTS_PER_READER)
        assert_nothing_lost(result, server.comment_bodies())


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the PostgreSQL live server")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_readers_posting_at_once_on_postgresql(live_server, article, rules):
    rules.flood_seconds = 0
    rules.save()
    result = post_concurrently(live_server.url, article.url, READERS, POSTS_PER_READER)
    bodies = list(Comment.objects.filter(article=article).values_list("body", flat=True))
    assert_nothing_lost(result, bodies)
