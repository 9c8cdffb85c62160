"""Admin pages beyond Wagtail's listings: send an edition, import and export subscribers."""

import csv
from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from masthead.core.choice_fields import WholeIdsChoiceField
from masthead.core.datetimes import MinuteDateTimeInput, time_zone_help

from . import csv_io, scheduling
from .addresses import clean_email
from .digests import previous_digest_end, stories_for
from .links import absolute_url
from .mail import send_test_edition
from .models import Edition, EditionArticle, NewsletterList, SubscriptionStatus
from .rendering import personalise, preview_html
from .sending import start_sending


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(f"newsletters.{permission}"):
        raise PermissionDenied


# Sending an edition ----------------------------------------------------------------


class TestSendForm(forms.Form):
    address = forms.CharField(
        label="Send a test to",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_address(self) -> str:
        return clean_email(self.cleaned_data["address"])


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label="Send at",
        widget=MinuteDateTimeInput(attrs={"aria-describedby": "id_send_at_helptext"}, in_flow=True),
        help_text=time_zone_help("When the edition goes out. "),
    )

    def clean_send_at(self) -> datetime:
        when = self.cleaned_data["send_at"]
        if when <= timezone.now():
            raise ValidationError("Choose a time in the future, or send now.")
        return when


class SendNowForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked the preview and want to send this edition now",
        error_messages={"required": "Tick the box to confirm you want to send it now."},
    )


def active_recipients(edition: Edition) -> int:
    return edition.newsletter.subscriptions.filter(
        status=SubscriptionStatus.ACTIVE, subscriber__suppressed_at__isnull=True
    ).count()


def edition_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview link, test send, schedule, and send now behind a confirmation step."""
    _require(request, "change_edition")
    edition = get_object_or_404(Edition.objects.select_related("newsletter"), pk=pk)
    test_form, schedule_form, send_form = TestSendForm(), ScheduleForm(), SendNowForm()
    if request.method == "POST" and edition.is_editable:
        action = request.POST.get("action")
        if action == "test":
            test_form = TestSendForm(request.POST)
            if test_form.is_valid():
                address = test_form.cleaned_data["address"]
                try:
                    send_test_edition(edition, address)
                except Exception as error:  # noqa: BLE001 - show the mail server's answer
                    messages.error(request, f"The test could not be sent: {error}")
                else:
                    messages.success(request, f"Test sent to {address}.")
                    return redirect("newsletters_admin:send", pk=edition.pk)
        elif action == "schedule":
            schedule_form = ScheduleForm(request.POST)
            if schedule_form.is_valid():
                scheduling.schedule(edition, schedule_form.cleaned_data["send_at"])
                messages.success(request, "The edition is scheduled.")
                return redirect("newsletters_admin:send", pk=edition.pk)
        elif action == "unschedule":
            scheduling.unschedule(edition)
            messages.success(request, "The edition is back to draft.")
            return redirect("newsletters_admin:send", pk=edition.pk)
        elif action == "send":
            send_form = SendNowForm(request.POST)
            if send_form.is_valid():
                if start_sending(edition.pk):
                    messages.success(request, "Sending has started; figures update as it goes.")
                return redirect("newsletters_admin:send", pk=edition.pk)
    figures = edition.figures()
    return render(
        request,
        "newsletters/admin/send.html",
        {
            "edition": edition,
            "figures": figures,
            "recipients": active_recipients(edition),
            "test_form": test_form,
            "schedule_form": schedule_form,
            "send_form": send_form,
            "preview_url": reverse("newsletters_admin:preview", args=[edition.pk]),
            "edit_url": reverse("wagtailsnippets_newsletters_edition:edit", args=[edition.pk]),
        },
    )


def edition_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The edition as readers will see it, in a tab of its own."""
    _require(request, "view_edition")
    edition = get_object_or_404(Edition, pk=pk)
    if edition.html_body:  # sent or sending: show exactly what went out
        page = absolute_url("/newsletters/")
        html = personalise(edition.html_body, page, page)
    else:
        html = preview_html(edition)
    response = HttpResponse(html)
    response["Content-Security-Policy"] = "script-src 'none'"
    return response


# Lists: export, and a digest on demand ------------------------------------------------


def list_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    _require(request, "view_subscriber")
    newsletter = get_object_or_404(NewsletterList, pk=pk)
    response = StreamingHttpResponse(csv_io.export_rows(newsletter), content_type="text/csv")
    filename = f"{slugify(newsletter.slug) or 'newsletter'}-subscribers.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def compose_digest(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft edition of the stories published since the list's last digest, to review."""
    _require(request, "add_edition")
    newsletter = get_object_or_404(NewsletterList, pk=pk)
    since = previous_digest_end(newsletter)
    stories = stories_for(newsletter, since, timezone.now())
    if request.method != "POST":
        return render(
            request,
            "newsletters/admin/compose.html",
            {"newsletter": newsletter, "stories": stories, "since": since},
        )
    if not stories:
        messages.warning(request, f"No new stories for “{newsletter.name}” since its last digest.")
        return redirect("wagtailsnippets_newsletters_newsletterlist:list")
    edition = Edition.objects.create(
        newsletter=newsletter,
        subject=f"{newsletter.name}: {stories[0].title}"[:150],
    )
    EditionArticle.objects.bulk_create(
        [EditionArticle(edition=edition, article=a, sort_order=i) for i, a in enumerate(stories)]
    )
    messages.success(request, "Draft edition made: check it, then send it.")
    return redirect("wagtailsnippets_newsletters_edition:edit", edition.pk)


# Import ----------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="First row: column names, one of them “email”; “name” is optional.",
    )
    newsletters = WholeIdsChoiceField(
        label="Subscribe them to",
        queryset=NewsletterList.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    consent_source = forms.CharField(
        label="How did these readers agree to receive it?",
        max_length=300,
        help_text="Kept as their consent record, e.g. “Sign-up sheet, book fair, 12 May 2025”.",
    )


def import_subscribers(request: HttpRequest) -> HttpResponse:
    _require(request, "add_subscriber")
    form = ImportForm()
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                text = csv_io.decode_upload(form.cleaned_data["file"].read())
                report = csv_io.import_subscribers(
                    text,
                    list(form.cleaned_data["newsletters"]),
                    form.cleaned_data["consent_source"],
                )
            except csv_io.ImportFileError as error:
                form.add_error("file", str(error))
            except csv.Error as error:
                form.add_error("file", f"The file could not be read as CSV: {error}")
    return render(
        request,
        "newsletters/admin/import.html",
        {"form": form, "report": report, "lists": NewsletterList.objects.all()},
    )
