"""Whatever a reader (or a robot) sends, the form answers sensibly and keeps their words.

Hypothesis drives the real view with arbitrary text in every field: any
Unicode, control characters, huge comments, junk tokens and reply targets. For
every input the answer is a redirect (comment saved, exactly once, as typed) or
a page with a message and the typed comment in it (nothing saved); never a 500.
"""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masthead.comments.forms import HONEYPOT_FIELD
from masthead.comments.models import MAX_COMMENT_CHARS, Comment
from masthead.comments.text import normalise_newlines
from masthead.comments.tokens import issue_token

pytestmark = pytest.mark.django_db

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
COMMENT = st.one_of(
    ANY_TEXT,
    # Around the length limit: a long run of words ending in arbitrary text.
    st.builds(
        lambda length, tail: ("word " * (length // 5 + 1))[: max(length - len(tail), 0)] + tail,
        st.integers(MAX_COMMENT_CHARS - 5, MAX_COMMENT_CHARS + 5),
        st.text(max_size=5),
    ),
)
EMAIL = st.one_of(st.emails(), ANY_TEXT)
WEB_ADDRESS = st.from_regex(r"https?://[a-z]{1,10}\.example/[a-z0-9]{0,8}", fullmatch=True)
URL = st.one_of(st.just(""), WEB_ADDRESS, ANY_TEXT)
TOKEN_KIND = st.sampled_from(["valid", "junk", "too-fast", "other-article"])
OK_STATUSES = {302, 400, 403, 404, 409, 429}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    comment=COMMENT,
    author=ANY_TEXT,
    email=EMAIL,
    url=URL,
    parent=st.one_of(st.just(""), ANY_TEXT, st.integers(-5, 10**20).map(str)),
    token_kind=TOKEN_KIND,
    junk_token=ANY_TEXT,
    honeypot=st.one_of(st.just(""), ANY_TEXT),
    remember=st.sampled_from(["", "on", "yes"]),
)
def test_any_input_gets_a_sensible_answer(
    article,
    rules,
    comment,
    author,
    email,
    url,
    parent,
    token_kind,
    junk_token,
    honeypot,
    remember,
):
    rules.flood_seconds = 0
    rules.save()
    now = time.time()
    token = {
        "valid": issue_token(article.pk, now=now - 10),
        "junk": junk_token,
        "too-fast": issue_token(article.pk, now=now),
        "other-article": issue_token(article.pk + 1, now=now - 10),
    }[token_kind]
    data = {
        "comment": comment,
        "author": author,
        "email": email,
        "url": url,
        "parent": parent,
        "token": token,
        HONEYPOT_FIELD: honeypot,
        "remember": remember,
    }
    before = Comment.objects.count()

    response = Client().post(reverse("comments:post", args=[article.pk]), data)

    assert response.status_code in OK_STATUSES
    after = Comment.objects.count()
    if response.status_code == 302:
        assert after == before + 1
        saved = Comment.objects.latest("pk")
        assert saved.body == normalise_newlines(comment).strip()
        assert saved.author_email == saved.author_email.lower()
    else:
        assert after == before, "a refused comment must not be saved, even in part"
        page = response.content.decode()
        if comment.strip() and "\x00" not in comment and "\r" not in comment:
            assert escape(comment) in page, "the reader's text must be kept"
