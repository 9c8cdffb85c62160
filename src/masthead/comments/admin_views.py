"""The moderation queue and the personal-data tool, inside the Wagtail admin.

Everything works with plain forms and links: each row's buttons and the bulk
action bar post to the same view, which carries the action out and returns to
the tab and search the moderator was looking at.
"""

import json
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from masthead.core.numbers import whole_number

from .decisions import ACTION_LABELS, ACTIONS, apply_action, staff_reply
from .models import MAX_COMMENT_CHARS, MAX_URL_CHARS, Comment
from .privacy import comments_by, erase_comments, export_comments

PERMISSION = "comments.moderate_comment"
PER_PAGE = 50
TABS = [
    (Comment.Status.PENDING, "Pending"),
    (Comment.Status.APPROVED, "Approved"),
    (Comment.Status.SPAM, "Spam"),
    (Comment.Status.TRASH, "Trash"),
]
# Which actions make sense on each tab.
TAB_ACTIONS = {
    Comment.Status.PENDING: ["approve", "spam", "trash"],
    Comment.Status.APPROVED: ["unapprove", "spam", "trash"],
    Comment.Status.SPAM: ["approve", "trash"],
    Comment.Status.TRASH: ["approve", "spam", "delete"],
}


class ModeratorView(PermissionRequiredMixin, WagtailAdminTemplateMixin, View):
    permission_required = PERMISSION
    raise_exception = True
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("comments_admin:index"), "label": "Comments"},
            {"url": "", "label": self.get_page_title()},
        ]


STATUS_PARAMETER = "status"  # which tab of the queue: ?status=pending
SEARCH_PARAMETER = "q"  # the queue's search words
PAGE_PARAMETER = "p"  # the queue's page number
# Longer searches are cut: the words go into every tab's link and the address
# a bulk action returns to, which Django refuses beyond 16,384 characters.
MAX_QUERY_CHARS = 200
MAX_NEXT_CHARS = 2000


def search_words(raw: str) -> str:
    """What the moderator typed, bounded, without NUL: PostgreSQL refuses it in a query."""
    return raw.replace("\x00", "").strip()[:MAX_QUERY_CHARS]


def queue_url(status: str, query: str = "", page: str = "") -> str:
    params = {STATUS_PARAMETER: status}
    if query:
        params[SEARCH_PARAMETER] = query
    if page and page != "1":
        params[PAGE_PARAMETER] = page
    return reverse("comments_admin:index") + "?" + urlencode(params)


class QueueView(ModeratorView):
    template_name = "comments/admin/queue.html"
    page_title = "Comments"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": "Comments"}]

    def _status(self, request: HttpRequest) -> str:
        status = request.GET.get(STATUS_PARAMETER) or request.POST.get(STATUS_PARAMETER) or ""
        return status if status in dict(TABS) else Comment.Status.PENDING

    def get(self, request: HttpRequest) -> HttpResponse:
        status = self._status(request)
        query = search_words(request.GET.get(SEARCH_PARAMETER, ""))
        counts = Comment.objects.search(query).aggregate(
            **{value: Count("pk", filter=Q(status=value)) for value, _ in TABS}
        )
        comments = (
            Comment.objects.search(query)
            .filter(status=status)
            .select_related("article", "parent")
            .order_by("-created_at", "-pk")
        )
        page = Paginator(comments, PER_PAGE).get_page(request.GET.get(PAGE_PARAMETER))
        context = self.get_context_data(
            tabs=[(value, label, counts[value], queue_url(value, query)) for value, label in TABS],
            status=status,
            query=query,
            page=page,
            actions=[(action, ACTION_LABELS[action]) for action in TAB_ACTIONS[status]],
        )
        return self.render_to_response(context)

    def post(self, request: HttpRequest) -> HttpResponse:
        status = self._status(request)
        query = search_words(request.POST.get(SEARCH_PARAMETER, ""))
        single = request.POST.get("do", "")
        if single:
            action, _, raw_id = single.partition(":")
            ids = [raw_id]
        else:
            action = request.POST.get("action", "")
            ids = request.POST.getlist("ids")
        ids = [number for number in map(whole_number, ids) if number is not None]
        if action not in ACTIONS and action != "delete":
            messages.error(request, "Choose an action for the selected comments.")
        elif not ids:
            messages.error(request, "Select at least one comment first.")
        else:
            changed = apply_action(ids, action)
            noun = "comment" if changed == 1 else "comments"
            messages.success(request, f"{ACTION_LABELS[action]}: {changed} {noun}.")
        # The dashboard's panel posts here too and asks to be shown again.
        after = request.POST.get("next", "")
        if (
            len(after) <= MAX_NEXT_CHARS
            and after.startswith("/admin/")
            and url_has_allowed_host_and_scheme(
                after, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
        ):
            return redirect(after)
        page = whole_number(request.POST.get(PAGE_PARAMETER, ""), minimum=1)
        return redirect(queue_url(status, query, str(page) if page else ""))


class CommentEditForm(forms.ModelForm):
    author_url = forms.URLField(
        label="Website", required=False, max_length=MAX_URL_CHARS, assume_scheme="https"
    )

    class Meta:
        model = Comment
        fields = ["author_name", "author_email", "author_url", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def clean_author_email(self) -> str:
        return self.cleaned_data["author_email"].strip().lower()


class EditView(ModeratorView):
    template_name = "comments/admin/edit.html"
    page_title = "Edit comment"

    def dispatch(self, request, pk: int):
        self.comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        return super().dispatch(request, pk)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = CommentEditForm(instance=self.comment)
        return self.render_to_response(self.get_context_data(form=form, comment=self.comment))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = CommentEditForm(request.POST, instance=self.comment)
        if form.is_valid():
            form.save()
            messages.success(request, "Comment saved.")
            return redirect(queue_url(self.comment.status))
        return self.render_to_response(self.get_context_data(form=form, comment=self.comment))


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Published at once, marked as the newsroom's. Approves the comment too.",
    )


class ReplyView(EditView):
    template_name = "comments/admin/reply.html"
    page_title = "Reply to comment"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        context = self.get_context_data(form=ReplyForm(), comment=self.comment)
        return self.render_to_response(context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = ReplyForm(request.POST)
        if form.is_valid():
            reply = staff_reply(self.comment, request.user, form.cleaned_data["body"])
            messages.success(request, "Reply published.")
            return redirect(queue_url(reply.status))
        return self.render_to_response(self.get_context_data(form=form, comment=self.comment))


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label="Reader's email address", max_length=254)


class PersonalDataView(ModeratorView):
    """Export or erase one reader's comments, found by their email address."""

    template_name = "comments/admin/personal_data.html"
    page_title = "Reader data requests"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=PersonalDataForm(), found=None))

    def post(self, request: HttpRequest) -> HttpResponse:
        """Look up, export or erase; the address travels only in POST bodies, never URLs."""
        form = PersonalDataForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, found=None))
        email = form.cleaned_data["email"]
        action = request.POST.get("action")
        if action == "export":
            data = export_comments(email, request.build_absolute_uri("/"))
            response = HttpResponse(
                json.dumps(data, indent=2, ensure_ascii=False),
                content_type="application/json; charset=utf-8",
            )
            filename = f"comments-{slugify(email) or 'reader'}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            response["Cache-Control"] = "no-store"
            return response
        if action == "erase":
            if request.POST.get("confirm") == "yes":
                result = erase_comments(email)
                messages.success(
                    request,
                    f"Erased: {result.deleted} comments deleted, {result.anonymised} emptied and "
                    "anonymised because others had replied to them.",
                )
                return redirect(reverse("comments_admin:personal_data"))
            messages.error(request, "Tick the confirmation box to erase this reader's comments.")
        found = comments_by(email).count()
        return self.render_to_response(self.get_context_data(form=form, found=found))
