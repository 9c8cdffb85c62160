"""Turning what a reader typed into safe HTML: paragraphs, line breaks and links, nothing else.

The text is escaped first, so markup a reader types shows as typed; web
addresses become links that pass no ranking (``nofollow ugc``) and no opener;
nh3 then cleans the result as a second, independent safeguard.
"""

import re

import nh3
from django.utils.html import urlize

LINK_REL = "nofollow ugc noopener"
ALLOWED_TAGS = {"p", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LINK = re.compile(r"\b(?:https?://|www\.)\S", re.IGNORECASE)
# urlize also links email addresses; nh3 drops their mailto: href, leaving an empty anchor.
_ANCHOR_WITHOUT_HREF = re.compile(r'<a rel="[^"]*">(.*?)</a>')


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def count_links(text: str) -> int:
    """How many web addresses a comment holds, as WordPress counts them for moderation."""
    return len(_LINK.findall(text))


def render_comment_html(text: str) -> str:
    """HTML for a comment's text: one ``<p>`` per paragraph, ``<br>`` for single line breaks."""
    paragraphs = [part.strip() for part in _PARAGRAPH_BREAK.split(normalise_newlines(text))]
    html = "".join(
        "<p>" + urlize(part, autoescape=True).replace("\n", "<br>") + "</p>"
        for part in paragraphs
        if part
    )
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        link_rel=LINK_REL,
        url_schemes={"http", "https"},
    )
    return _ANCHOR_WITHOUT_HREF.sub(r"\1", cleaned)
