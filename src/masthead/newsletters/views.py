"""The reader's side: sign up, confirm, manage preferences, unsubscribe. No login anywhere.

Every answer to a sign-up is the same "check your inbox" page, whatever the
address's state, so the form cannot be used to learn who subscribes. Links
that were altered or have expired lead to a page that offers a fresh one.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from masthead.core.addresses import client_address
from masthead.core.origins import is_cross_site
from masthead.core.rate_limits import count_in_window
from masthead.core.reader_limits import limit_per_address

from . import links, subscriptions
from .forms import FreshLinkForm, PreferencesForm, SignupForm, public_lists
from .languages import served_language
from .models import NewsletterList, Subscriber, SubscriptionStatus

ONE_CLICK_BODY = "One-Click"
# The pages anyone may open, none of them in the page cache (masthead.core.reader_limits).
# Not the sign-up itself (too_many_signups limits it per network), nor the pages behind a
# signed link: a bad link is refused before the database, and an unsubscribe
# (one-click ones come from mail providers' few addresses) must always work.
page_limit = limit_per_address(
    "newsletters", "MASTHEAD_READER_LIMIT", gettext_lazy("requests for newsletter pages")
)


def origin_of(request: HttpRequest, source_path: str = "") -> subscriptions.Origin:
    source = links.absolute_url(source_path) if source_path else links.absolute_url(request.path)
    return subscriptions.Origin(
        ip_address=client_address(request), source=source[:500], language=served_language()
    )


def too_many_signups(request: HttpRequest) -> bool:
    """A per-network ceiling on sign-ups, on top of the per-address limit on mails."""
    limit = getattr(settings, "NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR", 20)
    return count_in_window(f"newsletters:signups:{client_address(request)}", 3600) > limit


# Sign-up -----------------------------------------------------------------------


@require_safe  # The form posts to subscribe; see masthead.core.methods.
@page_limit
def signup_page(request: HttpRequest) -> HttpResponse:
    """``/newsletters/``: what each newsletter is, and the sign-up form."""
    form = SignupForm(initial={"source": request.path})
    return render(
        request, "newsletters/signup_page.html", {"form": form, "newsletters": public_lists()}
    )


@csrf_exempt  # The sign-up box lives on cached pages: see masthead.core.origins.
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    newsletters = public_lists()
    form = SignupForm(request.POST, newsletters=newsletters)
    if is_cross_site(request):
        form.is_valid()
        form.add_error(
            None,
            "Your browser says this form was sent from another website. "
            "Please sign up from this page.",
        )
        status = 403
    elif form.is_valid() and too_many_signups(request):
        form.add_error(
            None, "Too many sign-ups have come from your network. Please try again in an hour."
        )
        status = 429
    elif form.is_valid():
        data = form.cleaned_data
        subscriptions.request_subscription(
            data["email"], data["name"], list(data["lists"]), origin_of(request, data["source"])
        )
        return redirect("newsletters:check_inbox")
    else:
        status = 400
    context = {"form": form, "newsletters": newsletters}
    return render(request, "newsletters/signup_page.html", context, status=status)


@require_safe
@page_limit
def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletters/check_inbox.html")


# Links that went wrong -----------------------------------------------------------


def link_problem(request: HttpRequest, expired: bool = False, status: int = 400) -> HttpResponse:
    context = {"expired": expired, "form": FreshLinkForm()}
    return render(request, "newsletters/link_problem.html", context, status=status)


@require_http_methods(["GET", "POST"])
@page_limit
def fresh_link(request: HttpRequest) -> HttpResponse:
    """Ask for a new confirmation or preferences link; the answer never says if one was sent."""
    if request.method == "GET":
        context = {"form": FreshLinkForm(), "asked": True}
        return render(request, "newsletters/link_problem.html", context)
    form = FreshLinkForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "newsletters/link_problem.html",
            {"form": form, "asked": True},
            status=400,
        )
    if not too_many_signups(request):
        subscriptions.send_fresh_link(form.cleaned_data["email"])
    return redirect("newsletters:check_inbox")


# Confirmation ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    try:
        confirmation = links.read_confirm_token(token)
    except links.BadLink as bad:
        return link_problem(request, expired=bad.expired)
    subscriber = Subscriber.objects.filter(key=confirmation.key).first()
    if subscriber is None:
        return link_problem(request)
    newsletters = list(NewsletterList.objects.filter(pk__in=confirmation.list_ids))
    if request.method == "POST":
        confirmed = subscriptions.confirm(
            subscriber, confirmation.list_ids, confirmation.name, origin_of(request)
        )
        return render(
            request,
            "newsletters/confirmed.html",
            {"newsletters": confirmed, "manage_url": links.manage_url(subscriber.key)},
        )
    return render(
        request,
        "newsletters/confirm.html",
        {"newsletters": newsletters, "email": subscriber.email},
    )


# Preferences ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    try:
        key = links.read_manage_token(token)
    except links.BadLink:
        return link_problem(request)
    subscriber = Subscriber.objects.filter(key=key).first()
    if subscriber is None:
        return link_problem(request)
    saved = False
    if request.method == "POST" and "unsubscribe_all" in request.POST:
        subscriptions.unsubscribe(subscriber, None, origin_of(request))
        return render(request, "newsletters/unsubscribed.html", {"everything": True})
    if request.method == "POST":
        form = PreferencesForm(request.POST, subscriber=subscriber)
        if form.is_valid():
            wanted = list(form.cleaned_data["lists"])
            subscriptions.set_lists(subscriber, wanted, origin_of(request))
            saved = True
            subscriber.refresh_from_db()
    active = []
    if not subscriber.is_suppressed:
        active = list(
            subscriber.subscriptions.filter(status=SubscriptionStatus.ACTIVE).values_list(
                "newsletter_id", flat=True
            )
        )
    if request.method != "POST" or saved:
        form = PreferencesForm(subscriber=subscriber, initial={"lists": active})
    return render(
        request,
        "newsletters/manage.html",
        {"form": form, "subscriber": subscriber, "saved": saved, "active": active},
    )


# Unsubscribe ---------------------------------------------------------------------


@csrf_exempt  # RFC 8058: mail providers POST here without any cookie; the signed URL is the key.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = links.read_unsubscribe_token(token)
    except links.BadLink:
        return link_problem(request)
    subscriber = Subscriber.objects.filter(key=link.key).first()
    if subscriber is None:
        return link_problem(request)
    newsletter = None
    if link.list_id is not None:
        newsletter = NewsletterList.objects.filter(pk=link.list_id).first()
    if request.method == "GET":
        return render(
            request,
            "newsletters/unsubscribe.html",
            {"newsletter": newsletter, "email": subscriber.email},
        )
    one_click = request.POST.get("List-Unsubscribe") == ONE_CLICK_BODY
    everything = newsletter is None or request.POST.get("scope") == "all"
    origin = origin_of(request)
    if one_click:
        origin = subscriptions.Origin(
            origin.ip_address, "One-click unsubscribe (RFC 8058)", origin.language
        )
    subscriptions.unsubscribe(
        subscriber, None if everything else newsletter.pk, origin, link.edition_id
    )
    return render(
        request,
        "newsletters/unsubscribed.html",
        {
            "everything": everything,
            "newsletter": newsletter,
            "manage_url": reverse("newsletters:manage", args=[links.manage_token(subscriber.key)]),
        },
    )
