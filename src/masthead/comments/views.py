"""Receiving the "Leave a Reply" form.

Whatever goes wrong, the reader gets a page that says what and keeps every word
they typed, with a fresh form to send it again where that can work. The form
is printed on pages shared by every anonymous reader through the page cache, so
it carries no per-browser CSRF token; forged cross-site posts are refused from
what the browser says of their origin instead (:mod:`masthead.core.origins`).
"""

import json
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from masthead.core.addresses import client_address
from masthead.core.origins import is_cross_site
from masthead.news.models import ArticlePage

from .forms import CommentForm
from .models import Comment, CommentSettings
from .posting import (
    HELD_PARAMETER,
    Refusal,
    Submission,
    accept,
    comments_open,
    held_preview_token,
)
from .section import COOKIE_NAME, form_context
from .threads import PAGE_PARAMETER, page_number_for
from .tokens import TokenProblem, check_token

COOKIE_MAX_AGE = 365 * 24 * 3600
CROSS_SITE_PROBLEM = (
    "Your browser says this form was sent from a page on another website, so we could not "
    "be sure the comment came from you. Please send it again from this page."
)


def _problem_page(
    request: HttpRequest,
    article: ArticlePage | None,
    form: CommentForm,
    problems: list[str],
    status: int,
    can_resend: bool,
) -> HttpResponse:
    context = {"article": article, "problems": problems, "can_resend": can_resend}
    if can_resend and article is not None:
        context.update(form_context(request, article, form=form))
    else:
        context["kept_text"] = form.data.get("comment", "")
    response = render(request, "comments/post_problem.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _landing_url(request: HttpRequest, comment: Comment, rules: CommentSettings) -> str:
    """The story at the new comment; a held one is shown to its author through ``?held=``."""
    query = []
    page = page_number_for(comment, rules)
    if page > 1:
        query.append(f"{PAGE_PARAMETER}={page}")
    if comment.status != Comment.Status.APPROVED:
        query.append(f"{HELD_PARAMETER}={quote(held_preview_token(comment))}")
    url = comment.article.get_url(request) or "/"
    return url + ("?" + "&".join(query) if query else "") + f"#{comment.anchor}"


def _remember(response: HttpResponse, request: HttpRequest, submission: Submission, keep: bool):
    """The reader's details in a cookie only when they ticked the box; otherwise none."""
    if keep:
        details = {
            "author": submission.author_name,
            "email": submission.author_email,
            "url": submission.author_url,
        }
        response.set_cookie(
            COOKIE_NAME,
            quote(json.dumps(details), safe=""),
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            # Only the server fills the form from it; no script needs to read it.
            httponly=True,
        )
    elif COOKIE_NAME in request.COOKIES:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")


@csrf_exempt  # The form lives on cached pages: see masthead.core.origins.
@require_http_methods(["GET", "POST"])
def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    article = ArticlePage.objects.filter(pk=article_id).first()
    if request.method == "GET":
        # Someone followed or reloaded the form's address: send them to the story.
        if article is not None and article.live:
            return redirect(article.get_url(request) + "#respond")
        return redirect("/")
    form = CommentForm(request.POST)

    if is_cross_site(request):
        form.is_valid()
        return _problem_page(request, article, form, [CROSS_SITE_PROBLEM], 403, article is not None)
    if article is None or not article.live:
        form.is_valid()
        problem = "This story is not published, so it cannot take comments."
        return _problem_page(request, article, form, [problem], 404, can_resend=False)
    rules = CommentSettings.for_request(request)
    if not comments_open(article, rules):
        form.is_valid()
        problem = "Comments are closed on this story, so your comment could not be posted."
        return _problem_page(request, article, form, [problem], 403, can_resend=False)
    if not form.is_valid():
        return _problem_page(request, article, form, [], 400, can_resend=True)

    try:
        token = check_token(form.cleaned_data["token"], article.pk)
    except TokenProblem as problem:
        return _problem_page(request, article, form, [str(problem)], 400, can_resend=True)

    data = form.cleaned_data
    submission = Submission(
        body=data["comment"],
        author_name=data["author"],
        author_email=data["email"],
        author_url=data["url"],
        parent_id=data["parent"],
        ip=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        token=token,
        is_bot=form.honeypot_filled,
    )
    try:
        comment = accept(request, article, rules, submission)
    except Refusal as refusal:
        return _problem_page(request, article, form, [refusal.message], refusal.status, True)
    response = HttpResponseRedirect(_landing_url(request, comment, rules))
    _remember(response, request, submission, data["remember"])
    return response
