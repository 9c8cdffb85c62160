"""The test newsroom's one story and its writer, shared by every app's test folder.

Each folder's ``article`` fixture calls :func:`library_story` with only what its
tests need beyond the common story (an email, a picture, a sign-off), so the
headline, the writer and the paragraphs are written once.
"""

from datetime import timedelta

from django.utils import timezone

from masthead.comments.models import Comment
from masthead.news.authoring import add_article, add_author

HEADLINE = "Library reopens after two-year renovation"
WRITER = "Anahit Petrosyan"
PARAGRAPHS = [
    "The central library reopened its doors on Saturday after a renovation that "
    "doubled its reading rooms, the city's cultural office said.",
    "Volunteers carried the last boxes of books across the square in the morning.",
]
TAGS = ["Libraries", "Culture"]


def staff_writer(email: str = ""):
    """The byline of the test story (needs the ``home`` fixture's site)."""
    return add_author(WRITER, role="Staff writer", email=email)


def library_story(section, author, **fields):
    """The library story under ``section`` by ``author``; ``fields`` add to or replace its own."""
    fields.setdefault("paragraphs", PARAGRAPHS)
    return add_article(section, HEADLINE, authors=[author], **fields)


TURNOUT_TABLE = {
    "columns": [{"type": "text", "heading": "Ward"}, {"type": "text", "heading": "Turnout"}],
    "rows": [{"values": ["Harbour", "48%"]}, {"values": ["St Aubin's Hill", "61%"]}],
    "caption": "Turnout by ward",
}


def furnished_story(section, author, picture, headline: str, paragraphs: list[str]):
    """A story as a reader meets one: lead picture, an inline one, a table, a pull quote.

    ``paragraphs`` (HTML) go before the picture, after it and after the quote,
    as many as are given.
    """
    inline = ("image", {"image": picture, "alt_text": "The new reading room", "caption": "Inside"})
    quote = ("pullquote", {"quote": "A place to read again.", "attribution": "A reader"})
    texts = [("paragraph", text) for text in paragraphs]
    body = [*texts[:1], inline, *texts[1:2], ("table", TURNOUT_TABLE), quote, *texts[2:]]
    return add_article(
        section,
        headline,
        body=body,
        authors=[author],
        tags=["Libraries", "Council"],
        dateline_place="Eastmere",
        featured_image=picture,
    )


def conversation(story, reply: str = "Agreed!") -> Comment:
    """An approved comment two hours old and an approved reply to it; the first is returned."""
    approved = Comment.objects.create(
        article=story,
        author_name="Lena Holm",
        author_email="lena@reader.test",
        body="Wonderful news.\n\nSee you there.",
        status=Comment.Status.APPROVED,
        created_at=timezone.now() - timedelta(hours=2),
    )
    Comment.objects.create(
        article=story,
        parent=approved,
        thread=approved,
        author_name="Karim",
        author_email="karim@reader.test",
        body=reply,
        status=Comment.Status.APPROVED,
    )
    return approved
