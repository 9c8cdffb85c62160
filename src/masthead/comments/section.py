"""Everything the comment section and its form need, gathered for the templates."""

import json
from urllib.parse import unquote

from django.http import HttpRequest
from django.urls import reverse

from masthead.caching.tags import keep_private
from masthead.core.numbers import whole_number

from .forms import HONEYPOT_FIELD, CommentForm
from .models import Comment, CommentSettings
from .posting import HELD_PARAMETER, comments_open, held_comment_id
from .threads import (
    PAGE_PARAMETER,
    approved_count,
    held_for_author,
    replies_in,
    thread_nodes,
    top_level_page,
)
from .tokens import issue_token

# The reader's remembered name, email and website; the page cache learns the
# name from CommentsConfig.ready() (readers carrying it get fresh pages).
COOKIE_NAME = "masthead_commenter"
# The Reply link's parameter: which comment the form below answers.
REPLY_PARAMETER = "replytocom"
MAX_FIELD_CHARS = 255


def reply_target(request: HttpRequest, article, rules: CommentSettings) -> Comment | None:
    """The comment named by ``?replytocom=``: how the Reply link works without JavaScript."""
    comment_id = whole_number(request.GET.get(REPLY_PARAMETER), minimum=1)
    if comment_id is None:
        return None
    comment = (
        Comment.objects.approved()
        .filter(article_id=article.pk, pk=comment_id)
        .only("id", "author_name", "depth")
        .first()
    )
    if comment is None or comment.depth >= rules.max_depth:
        return None
    return comment


def saved_details(request: HttpRequest) -> dict:
    """The name, email and website the reader asked this browser to remember, if any.

    Read on the server so that the form needs no JavaScript. The page is then
    personal, but every page with the form is already ``Vary: Cookie`` (the
    CSRF token), so no shared cache hands it to another reader.
    """
    raw = request.COOKIES.get(COOKIE_NAME, "")
    if not raw or len(raw) > 2000:
        return {}
    try:
        details = json.loads(unquote(raw))
    except ValueError:
        return {}
    if not isinstance(details, dict):
        return {}
    initial = {
        key: value[:MAX_FIELD_CHARS]
        for key, value in details.items()
        if key in ("author", "email", "url") and isinstance(value, str)
    }
    if initial:
        initial["remember"] = True
    return initial


def form_context(
    request: HttpRequest,
    article,
    form: CommentForm | None = None,
    reply_to: Comment | None = None,
) -> dict:
    """The form, fresh or as the reader sent it, with a new token and where it posts."""
    if form is None:
        initial = saved_details(request)
        initial["parent"] = reply_to.pk if reply_to else ""
        form = CommentForm(initial=initial)
    return {
        "form": form,
        "form_token": issue_token(article.pk),
        "form_action": reverse("comments:post", args=[article.pk]),
        "honeypot_field": HONEYPOT_FIELD,
        "reply_to": reply_to,
        "article": article,
    }


def section_context(request: HttpRequest, article) -> dict:
    rules = CommentSettings.for_request(request)
    is_open = comments_open(article, rules)
    page = top_level_page(request, article, rules)
    roots = list(page.object_list)
    if HELD_PARAMETER in request.GET:
        # A held comment is shown only to its author, through that link: the
        # story is rendered for them alone, whether or not the link is genuine.
        keep_private(request)
    held = held_for_author(article, held_comment_id(request.GET.get(HELD_PARAMETER, "")))
    nodes = thread_nodes(
        roots,
        replies_in(roots),
        max_depth=rules.max_depth,
        replies_allowed=is_open,
        held=held,
        newest_first=rules.newest_first,
    )
    context = {
        "article": article,
        "count": approved_count(request, article),
        "nodes": nodes,
        "page": page,
        "page_parameter": PAGE_PARAMETER,
        "reply_parameter": REPLY_PARAMETER,
        "is_open": is_open,
        "held": held,
        "newest_first": rules.newest_first,
    }
    if is_open:
        reply_to = reply_target(request, article, rules)
        context.update(form_context(request, article, reply_to=reply_to))
    return context
