"""The Newsletters menu in the Wagtail admin: lists, subscribers, editions, import."""

import django_filters
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    IndexView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from masthead.core.choice_fields import WholeIdChoiceField

from . import admin_views
from .models import (
    Cadence,
    Edition,
    NewsletterList,
    Subscriber,
    SubscriptionStatus,
    SuppressionReason,
)

# Lists -----------------------------------------------------------------------------


class NewsletterListViewSet(SnippetViewSet):
    model = NewsletterList
    icon = "mail"
    menu_label = "Lists"
    menu_order = 100
    list_display = [
        "name",
        Column("get_cadence_display", label="Sends"),
        Column("subscriber_summary", label="Subscribers"),
    ]
    search_fields = ["name", "description"]
    copy_view_enabled = False


# Subscribers --------------------------------------------------------------------------


class WholeIdFilter(django_filters.ModelChoiceFilter):
    field_class = WholeIdChoiceField


class SubscriberFilterSet(WagtailFilterSet):
    """List and status filter together: "pending on Daily headlines", not either."""

    newsletter = WholeIdFilter(
        label="List", queryset=NewsletterList.objects.all(), method="by_subscription"
    )
    status = django_filters.ChoiceFilter(
        label="Status on that list", choices=SubscriptionStatus.choices, method="by_subscription"
    )
    suppression_reason = django_filters.ChoiceFilter(
        label="Suppressed", choices=SuppressionReason.choices
    )

    class Meta:
        model = Subscriber
        fields = ["suppression_reason"]

    def by_subscription(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        conditions = {}
        if self.form.cleaned_data.get("newsletter"):
            conditions["subscriptions__newsletter"] = self.form.cleaned_data["newsletter"]
        if self.form.cleaned_data.get("status"):
            conditions["subscriptions__status"] = self.form.cleaned_data["status"]
        return queryset.filter(**conditions).distinct() if conditions else queryset


def when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


class SubscriberInspectView(InspectView):
    """A subscriber with every list and the full consent record."""

    def get_lists_display_value(self):
        rows = [
            (
                s.newsletter.name,
                s.get_status_display(),
                when(s.confirmed_at or s.requested_at),
                s.source,
            )
            for s in self.object.subscriptions.select_related("newsletter")
        ]
        if not rows:
            return "None"
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}: {} (confirmed {}; from {})</li>", rows),
        )

    def get_consent_display_value(self):
        events = self.object.consent.select_related("newsletter", "edition")
        rows = [
            (
                when(event.at),
                event.get_action_display(),
                event.newsletter.name if event.newsletter else "all lists",
                event.ip_address or "no IP",
                event.source or "",
            )
            for event in events
        ]
        if not rows:
            return "No record"
        return format_html(
            "<ol>{}</ol>",
            format_html_join("", "<li>{}: {} ({}; {}) {}</li>", rows),
        )

    def get_field_label(self, field_name, field):
        labels = {"lists": "Lists", "consent": "Consent record"}
        return labels.get(field_name) or super().get_field_label(field_name, field)


class SubscriberIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton("Import CSV", url=reverse("newsletters_admin:import"), icon_name="upload"),
        ]


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "user"
    menu_label = "Subscribers"
    menu_order = 200
    index_view_class = SubscriberIndexView
    list_display = [
        "email",
        "name",
        Column("status_summary", label="Lists"),
        "created_at",
    ]
    search_fields = ["email", "name"]
    filterset_class = SubscriberFilterSet
    inspect_view_enabled = True
    inspect_view_class = SubscriberInspectView
    inspect_view_fields = [
        "email",
        "name",
        "created_at",
        "suppression_reason",
        "suppressed_at",
        "lists",
        "consent",
    ]
    copy_view_enabled = False


# Editions --------------------------------------------------------------------------------


class EditionIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        label = "Send or schedule…" if instance.is_editable else "Figures and preview"
        buttons.insert(
            0,
            ListingButton(
                label,
                url=reverse("newsletters_admin:send", args=[instance.pk]),
                icon_name="mail",
                priority=1,
            ),
        )
        return buttons


class EditionViewSet(SnippetViewSet):
    model = Edition
    icon = "doc-full"
    menu_label = "Editions"
    menu_order = 300
    index_view_class = EditionIndexView
    list_display = [
        "subject",
        "newsletter",
        Column("get_status_display", label="Status"),
        "send_at",
        Column("figures_summary", label="Figures"),
    ]
    list_filter = ["newsletter", "status", "kind"]
    search_fields = ["subject"]
    copy_view_enabled = False


class NewslettersGroup(SnippetViewSetGroup):
    menu_label = "Newsletters"
    menu_icon = "mail"
    menu_order = 250
    items = (EditionViewSet, NewsletterListViewSet, SubscriberViewSet)


register_snippet(NewslettersGroup)


# Extra admin pages -------------------------------------------------------------------------

admin_urlpatterns = [
    path("editions/<id:pk>/send/", admin_views.edition_send, name="send"),
    path("editions/<id:pk>/preview/", admin_views.edition_preview, name="preview"),
    path("lists/<id:pk>/export.csv", admin_views.list_export, name="export"),
    path("lists/<id:pk>/compose/", admin_views.compose_digest, name="compose"),
    path("import/", admin_views.import_subscribers, name="import"),
]


@hooks.register("register_admin_urls")
def register_newsletter_admin_urls():
    return [
        path(
            "newsletters/",
            include((admin_urlpatterns, "newsletters_admin"), namespace="newsletters_admin"),
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def newsletter_list_buttons(snippet, user, next_url=None):
    if isinstance(snippet, NewsletterList):
        yield ListingButton(
            "Export CSV",
            url=reverse("newsletters_admin:export", args=[snippet.pk]),
            icon_name="download",
            priority=50,
        )

    if isinstance(snippet, NewsletterList) and snippet.cadence != Cadence.IMMEDIATE:
        yield ListingButton(
            "Make a digest now",
            url=reverse("newsletters_admin:compose", args=[snippet.pk]),
            icon_name="doc-full",
            priority=60,
        )
