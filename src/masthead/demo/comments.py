"""Reader comments for the demo newsroom: a few conversations, and one held for moderation.

The readers are invented and their addresses use the reserved ``.example``
domain. The words, in ``content/comments.json``, are general enough to sit
under any local story.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from masthead.comments.models import Comment

from .content_files import read_content

READER_DOMAIN = "reader.example"


@dataclass
class DemoComment:
    name: str
    text: str
    role: str = Comment.Role.READER
    website: str = ""
    replies: list["DemoComment"] = field(default_factory=list)


STORY_AUTHOR = "__story_author__"
NEWSROOM = "__newsroom__"


def _comment(data: dict) -> DemoComment:
    return DemoComment(
        data["name"],
        data["text"],
        role=Comment.Role(data.get("role", Comment.Role.READER)),
        website=data.get("website", ""),
        replies=[_comment(reply) for reply in data.get("replies", [])],
    )


# content/comments.json: the conversations, each a list of top-level comments
# with their replies, and the one comment left waiting for a moderator.
# STORY_AUTHOR and NEWSROOM stand for the story's first author and the paper.
_CONTENT = read_content("comments.json")
CONVERSATIONS = [
    [_comment(item) for item in conversation] for conversation in _CONTENT["conversations"]
]
HELD = _comment(_CONTENT["held"])


def _email(name: str) -> str:
    local = ".".join(part.lower() for part in name.split() if part.isalpha())
    return f"{local}@{READER_DOMAIN}"


class _Writer:
    def __init__(self, rng: random.Random, newsroom_name: str):
        self.rng = rng
        self.newsroom_name = newsroom_name
        self.count = 0
        self.last = None

    def write(self, article, item: DemoComment, parent: Comment | None, at) -> Comment:
        name, email = item.name, ""
        if name == STORY_AUTHOR:
            author = article.credited_authors[0] if article.credited_authors else None
            name = author.title if author else self.newsroom_name
            email = author.email if author else ""
        elif name == NEWSROOM:
            name = self.newsroom_name
        else:
            email = _email(name)
        comment = Comment(
            article=article,
            parent=parent,
            thread_id=(parent.thread_id or parent.pk) if parent else None,
            depth=parent.depth + 1 if parent else 1,
            author_name=name,
            author_email=email,
            author_url=item.website,
            role=item.role,
            body=item.text,
            status=Comment.Status.APPROVED,
            created_at=min(at, timezone.now()),
        )
        comment.save()
        self.count += 1
        self.last = at
        for reply in item.replies:
            at = at + timedelta(minutes=self.rng.randint(20, 300))
            self.write(article, reply, comment, at)
        return comment


def add_demo_comments(articles, rng: random.Random | int, newsroom_name: str = "") -> int:
    """Add the demo conversations under the newest stories; returns how many comments."""
    rng = rng if isinstance(rng, random.Random) else random.Random(rng)
    published = [a for a in articles if a.live and a.first_published_at]
    published.sort(key=lambda article: (article.first_published_at, article.pk), reverse=True)
    # Stories a few days old, so the conversations have had time to happen.
    settled = timezone.now() - timedelta(days=2)
    published.sort(key=lambda article: article.first_published_at > settled)
    stories = published[: len(CONVERSATIONS)]
    if not stories:
        return 0
    writer = _Writer(rng, newsroom_name or "The newsroom")
    for article, conversation in zip(stories, CONVERSATIONS, strict=False):
        at = article.first_published_at + timedelta(minutes=rng.randint(30, 120))
        for item in conversation:
            writer.write(article, item, None, at)
            at = writer.last + timedelta(minutes=rng.randint(45, 240))
    held_on = stories[0]
    Comment.objects.create(
        article=held_on,
        author_name=HELD.name,
        author_email=_email(HELD.name),
        body=HELD.text,
        status=Comment.Status.PENDING,
        held_because="first comment from this reader",
        created_at=timezone.now() - timedelta(minutes=rng.randint(5, 50)),
    )
    return writer.count + 1
