"""Posting like a browser does, for the comment tests (imported as a plain module)."""

import re
import time
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from masthead.comments.models import Comment
from masthead.comments.tokens import issue_token


def form_data(article, **overrides) -> dict:
    """What a reader's browser sends, with a token printed ten seconds ago."""
    data = {
        "comment": "What a lovely place to read on a Sunday.",
        "author": "Lena Holm",
        "email": "lena@reader.test",
        "url": "",
        "parent": "",
        "token": issue_token(article.pk, now=time.time() - 10),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post_comment(client, article, **overrides):
    return client.post(reverse("comments:post", args=[article.pk]), form_data(article, **overrides))


def approved_reader(article, name="Lena Holm", email="lena@reader.test") -> Comment:
    """A reader with an earlier approved comment, so the next one goes live."""
    return Comment.objects.create(
        article=article,
        author_name=name,
        author_email=email,
        body=f"An earlier comment by {name}.",
        status=Comment.Status.APPROVED,
        created_at=timezone.now() - timedelta(hours=1),
    )


def problems(response) -> str:
    """The readable text of a response, tags stripped, for asserting messages."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(text.split())
