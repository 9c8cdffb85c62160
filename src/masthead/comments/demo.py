"""Reader comments for the demo newsroom: a few conversations, and one held for moderation.

The readers are invented and their addresses use the reserved ``.example``
domain. The words are general enough to sit under any local story.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from .models import Comment

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

CONVERSATIONS = [
    [
        DemoComment(
            "Marta Lindqvist",
            "I was there on Saturday and it was good to see so many neighbours turn out. "
            "Thank you for writing this up properly; the city's own notice said almost nothing."
            "\n\nWill there be a follow-up once the council has voted?",
            replies=[
                DemoComment(
                    STORY_AUTHOR,
                    "Thank you, Marta. Yes: we will report on the vote the week it happens, "
                    "and link to the minutes once they are published.",
                    role=Comment.Role.AUTHOR,
                    replies=[DemoComment("Marta Lindqvist", "Perfect, I will keep an eye out.")],
                ),
            ],
        ),
        DemoComment(
            "Daniel Okafor",
            "One correction, if I may: the meeting was moved to the library's upper hall, not "
            "the community centre. A small thing, but people were confused at the door.",
            replies=[
                DemoComment(
                    NEWSROOM,
                    "Thank you, Daniel. We checked with the organisers and have corrected the "
                    "story; the correction is noted at the end.",
                    role=Comment.Role.MODERATOR,
                )
            ],
        ),
    ],
    [
        DemoComment(
            "Ana Sargsyan",
            "My grandmother would have loved to read this. Is there a recording of the evening "
            "anywhere? Our choir posts its videos at https://choir.example/videos if the "
            "organisers want somewhere to share theirs.",
            website="https://choir.example",
            replies=[
                DemoComment("Tomas Berg", "Seconded: a recording would be wonderful."),
            ],
        ),
    ],
]
HELD = DemoComment(
    "Pieter de Wit",
    "Does anyone know whether parking on the square will be closed during the works? "
    "I could not find anything about it on the city's website.",
)


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
