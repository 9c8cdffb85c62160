"""The moderation rules: which new comments go live, wait for a moderator, or go to spam.

Every spam and moderation rule is here, in the order it is tried. A filled-in
honeypot field sends to spam before anything else (whoever is signed in: a
person never sees the field). Then the order follows WordPress's: staff go live;
disallowed words, the remote service and confident spam scores send to spam;
then manual approval, moderation words, too many links, a doubtful score, and
"hold unless the author has an approved comment" each hold a comment. The first
reason found is recorded for the moderators.
"""

import re
from dataclasses import dataclass, field

from .classifier import Example, SpamFilter
from .models import Comment, CommentSettings
from .text import count_links

# Scores at or above these send a comment to spam, or hold it for a moderator.
SPAM_THRESHOLD = 0.95
HOLD_THRESHOLD = 0.5

HONEYPOT_REASON = "the hidden honeypot field was filled in"


@dataclass
class Verdict:
    status: str
    reasons: list[str] = field(default_factory=list)
    spam_score: float | None = None

    @property
    def summary(self) -> str:
        return "; ".join(self.reasons)[:255]


def keyword_list(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def matching_keyword(keywords: list[str], comment: Comment) -> str:
    """The first keyword found anywhere in the comment or its author's details, or ""."""
    haystack = "\n".join(
        [
            comment.author_name,
            comment.author_email,
            comment.author_url,
            comment.author_ip or "",
            comment.user_agent,
            comment.body,
        ]
    )
    for keyword in keywords:
        if re.search(re.escape(keyword), haystack, re.IGNORECASE):
            return keyword
    return ""


def has_approved_comment(comment: Comment) -> bool:
    return (
        Comment.objects.approved()
        .filter(author_email=comment.author_email, author_name=comment.author_name)
        .exists()
    )


def judge(
    comment: Comment,
    rules: CommentSettings,
    spam_filter: SpamFilter | None = None,
    remote_says_spam: bool | None = None,
    honeypot_filled: bool = False,
) -> Verdict:
    """Decide the status of a new, unsaved comment under the site's rules.

    ``honeypot_filled`` says the form's hidden field came back with text in it:
    a bot's comment, sent to spam unscored (the remote service is not asked).
    """
    if honeypot_filled:
        return Verdict(Comment.Status.SPAM, [HONEYPOT_REASON])
    if comment.role:
        return Verdict(Comment.Status.APPROVED)
    spam_filter = spam_filter or SpamFilter()
    score = spam_filter.score(
        Example(comment.body, author_name=comment.author_name, author_url=comment.author_url)
    )

    def verdict(status: str, reason: str) -> Verdict:
        return Verdict(status, [reason], score)

    keyword = matching_keyword(keyword_list(rules.disallowed_keywords), comment)
    if keyword:
        return verdict(Comment.Status.SPAM, f"disallowed word “{keyword}”")
    if remote_says_spam:
        return verdict(Comment.Status.SPAM, "the remote spam service called it spam")
    if score is not None and score >= SPAM_THRESHOLD:
        return verdict(Comment.Status.SPAM, f"spam filter score {score:.2f}")
    if rules.hold_all:
        return verdict(Comment.Status.PENDING, "every comment is held")
    keyword = matching_keyword(keyword_list(rules.moderation_keywords), comment)
    if keyword:
        return verdict(Comment.Status.PENDING, f"moderation word “{keyword}”")
    links = count_links(comment.body)
    if links > rules.max_links:
        return verdict(Comment.Status.PENDING, f"{links} links (more than {rules.max_links})")
    if score is not None and score >= HOLD_THRESHOLD:
        return verdict(Comment.Status.PENDING, f"spam filter score {score:.2f}")
    if rules.require_previous_approval and not has_approved_comment(comment):
        return verdict(Comment.Status.PENDING, "first comment from this reader")
    return Verdict(Comment.Status.APPROVED, [], score)
