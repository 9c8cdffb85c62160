"""Signed form tokens: proof that a comment came from a form this site printed, a while ago.

Every printed form carries a token naming its article, when it was printed and a
random nonce, signed with the site's secret key. A comment is refused when the
token is forged or for another article, too old, sent faster than a person
types, or already used for the same text by the same sender (what is recorded
when a comment is accepted: cached pages share one printed form among readers).
"""

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "masthead.comments.form-token"


def min_fill_seconds() -> float:
    """Seconds a person needs at least to fill in the form (bots post at once)."""
    return float(getattr(settings, "MASTHEAD_COMMENT_MIN_FILL_SECONDS", 3))


def max_age_seconds() -> int:
    """How long a printed form stays valid: two days, so a long read is no problem."""
    return int(getattr(settings, "MASTHEAD_COMMENT_FORM_MAX_AGE", 2 * 24 * 3600))


class TokenProblem(Exception):
    """Why a token was refused, in words for the reader."""


@dataclass(frozen=True)
class FormToken:
    article_id: int
    issued_at: float
    nonce: str


def issue_token(article_id: int, now: float | None = None) -> str:
    issued = time.time() if now is None else now
    payload = {"a": article_id, "t": round(issued, 3), "n": secrets.token_hex(12)}
    return signing.dumps(payload, salt=SALT, compress=False)


def check_token(value: str, article_id: int, now: float | None = None) -> FormToken:
    """The token's contents, or :class:`TokenProblem` saying why it cannot be trusted."""
    now = time.time() if now is None else now
    try:
        payload = signing.loads(value or "", salt=SALT)
        token = FormToken(int(payload["a"]), float(payload["t"]), str(payload["n"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise TokenProblem(
            "This form could not be verified (it may have been altered). "
            "Please check your comment and send it again."
        ) from error
    if token.article_id != article_id:
        raise TokenProblem(
            "This form belongs to another story. Please check your comment and send it again."
        )
    elapsed = now - token.issued_at
    if elapsed > max_age_seconds():
        raise TokenProblem(
            "This form has expired because the page was open for a long time. "
            "Your comment is kept below: please send it again."
        )
    if elapsed < min_fill_seconds():
        raise TokenProblem(
            "That was sent faster than a person can type, so we could not tell you from a "
            "robot. Please check your comment and send it again."
        )
    return token
