"""What the comment section of an article shows, fetched in a fixed number of queries.

A page of top-level comments is one query (plus the paginator's count); every
reply in those threads is one more, found through ``thread``; the tree is then
put in order in Python and handed to the template as a flat list that says
where nested lists open and close, so the template needs no recursion.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import HttpRequest

from masthead.core.numbers import whole_number
from masthead.core.pagination import MAX_PAGE

from .models import Comment, CommentSettings

PAGE_PARAMETER = "cpage"
# Only what is printed is read: the author's email and IP address never reach a template.
DISPLAY_FIELDS = (
    "id",
    "article_id",
    "parent_id",
    "thread_id",
    "depth",
    "author_name",
    "author_url",
    "role",
    "body_html",
    "created_at",
    "status",
)


@dataclass
class Node:
    """One comment in the printed thread, with the markup decisions around it."""

    comment: Comment
    depth: int
    has_children: bool = False
    closes: range = range(0)
    can_reply: bool = False
    held: bool = False


def top_level_order(rules: CommentSettings) -> list[str]:
    return ["-created_at", "-pk"] if rules.newest_first else ["created_at", "pk"]


def approved_count(request: HttpRequest | None, article) -> int:
    """Approved comments on ``article``, counted once per request however often it is asked."""
    cache = getattr(request, "_masthead_comment_counts", None) if request else None
    if cache is None:
        cache = {}
        if request is not None:
            request._masthead_comment_counts = cache
    if article.pk not in cache:
        annotated = getattr(article, "comment_count", None)
        cache[article.pk] = (
            annotated
            if annotated is not None
            else Comment.objects.approved().filter(article_id=article.pk).count()
        )
    return cache[article.pk]


def requested_page(request: HttpRequest) -> int | None:
    number = whole_number(request.GET.get(PAGE_PARAMETER), maximum=MAX_PAGE)
    return None if number is None else max(number, 1)


def page_number_for(comment: Comment, rules: CommentSettings) -> int:
    """The comment page that shows ``comment``'s thread."""
    root = comment.thread if comment.thread_id else comment
    if rules.newest_first:
        before = Q(created_at__gt=root.created_at) | Q(created_at=root.created_at, pk__gt=root.pk)
    else:
        before = Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk)
    ahead = (
        Comment.objects.approved()
        .filter(article_id=root.article_id, parent__isnull=True)
        .filter(before)
        .count()
    )
    return ahead // rules.per_page + 1


def top_level_page(request: HttpRequest, article, rules: CommentSettings) -> Page:
    roots = (
        Comment.objects.approved()
        .filter(article_id=article.pk, parent__isnull=True)
        .only(*DISPLAY_FIELDS)
        .order_by(*top_level_order(rules))
    )
    paginator = Paginator(roots, rules.per_page)
    number = requested_page(request)
    if number is None:
        # Newest-first threads open on the newest page, oldest-first ones on the first.
        number = 1
    return paginator.get_page(number)


def held_for_author(article, comment_id: int | None) -> Comment | None:
    """The author's own comment that waits for moderation, shown only to them."""
    if comment_id is None:
        return None
    return (
        Comment.objects.filter(
            article_id=article.pk,
            pk=comment_id,
            status__in=[Comment.Status.PENDING, Comment.Status.SPAM],
        )
        .only(*DISPLAY_FIELDS)
        .first()
    )


def thread_nodes(
    roots: list[Comment],
    replies: list[Comment],
    max_depth: int,
    replies_allowed: bool,
    held: Comment | None = None,
    newest_first: bool = False,
) -> list[Node]:
    """Comments in reading order, each knowing where nested lists open and close."""
    roots = list(roots)
    replies = list(replies)
    if held is not None:
        if held.parent_id:
            replies.append(held)
        else:
            roots.append(held)
            roots.sort(key=lambda c: (c.created_at, c.pk), reverse=newest_first)
    children: dict[int, list[Comment]] = defaultdict(list)
    for reply in sorted(replies, key=lambda c: (c.created_at, c.pk)):
        children[reply.parent_id].append(reply)

    ordered: list[Node] = []
    stack = [(root, 1) for root in reversed(roots)]
    while stack:
        comment, depth = stack.pop()
        ordered.append(
            Node(
                comment=comment,
                depth=depth,
                can_reply=replies_allowed and depth < max_depth and comment is not held,
                held=comment is held,
            )
        )
        for child in reversed(children.get(comment.pk, [])):
            stack.append((child, depth + 1))

    for position, node in enumerate(ordered):
        next_depth = ordered[position + 1].depth if position + 1 < len(ordered) else 1
        node.has_children = next_depth > node.depth
        if not node.has_children:
            node.closes = range(node.depth - next_depth)
    return ordered


def replies_in(roots: list[Comment]) -> list[Comment]:
    if not roots:
        return []
    return list(
        Comment.objects.approved()
        .filter(thread_id__in=[root.pk for root in roots])
        .only(*DISPLAY_FIELDS)
        .order_by("created_at", "pk")
    )
