"""The test newsroom's one story and its writer, shared by every app's test folder.

Each folder's ``article`` fixture calls :func:`library_story` with only what its
tests need beyond the common story (an email, a picture, a sign-off), so the
headline, the writer and the paragraphs are written once.
"""

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
