"""Optional second opinion from an Akismet-compatible service. Off unless configured.

It sends the reader's email and IP address to someone else, so it runs only when
both the environment holds a key (``MASTHEAD_AKISMET_KEY``) and an editor has
ticked "also ask the Akismet-compatible service" in Settings › Comments. A service
that is down or slow never blocks a comment: the local rules decide alone.
"""

import logging
import os
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from .models import Comment

logger = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://rest.akismet.com/1.1/"
TIMEOUT_SECONDS = 5


def configured_key() -> str:
    return os.environ.get("MASTHEAD_AKISMET_KEY", "").strip()


def endpoint() -> str:
    return os.environ.get("MASTHEAD_AKISMET_URL", DEFAULT_ENDPOINT).rstrip("/") + "/"


def check_comment(comment: Comment, site_url: str, permalink: str) -> bool | None:
    """True for spam, False for not spam, None when the service is off or did not answer."""
    key = configured_key()
    if not key:
        return None
    fields = {
        "api_key": key,
        "blog": site_url,
        "permalink": permalink,
        "comment_type": "reply" if comment.parent_id else "comment",
        "comment_author": comment.author_name,
        "comment_author_email": comment.author_email,
        "comment_author_url": comment.author_url,
        "comment_content": comment.body,
        "user_ip": comment.author_ip or "",
        "user_agent": comment.user_agent,
    }
    request = Request(  # noqa: S310 - the operator sets an http(s) endpoint
        endpoint() + "comment-check",
        data=urlencode(fields).encode(),
        headers={"User-Agent": "Masthead comments"},
    )
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = response.read(64).decode("ascii", "replace").strip()
    except (URLError, OSError, ValueError):
        logger.warning("The spam service did not answer; the local rules decide alone.")
        return None
    if answer in ("true", "false"):
        return answer == "true"
    logger.warning("The spam service gave an unexpected answer: %r", answer)
    return None
