"""The newsroom desk in the admin: every story in one flat list, and "New story".

Wagtail's Pages menu opens the site tree, which is how a web developer thinks of
a site, not how a newsroom does: staff look for a story by headline, section,
author or where it stands (draft, in review, scheduled, live, changed since it
went live). The Stories listing is Wagtail's own page listing view set, so
search, sorting, bulk actions and permissions behave as everywhere else in the
admin; only the columns, the filters and the way a new story picks its section
are the newsroom's.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import path, reverse
from django.utils.functional import cached_property
from django_filters import ChoiceFilter, ModelMultipleChoiceFilter
from django_filters.fields import ModelMultipleChoiceField
from wagtail.admin.filters import UserModelMultipleChoiceField
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import (
    BulkActionsColumn,
    PageStatusColumn,
    PageTitleColumn,
    ParentPageColumn,
)
from wagtail.admin.views.pages.choose_parent import ChooseParentView
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page, Revision, WorkflowState

from masthead.core.choice_fields import (
    RefusesIdsOutOfRange,
    WholeIdChoiceField,
    WholeIdsChoiceField,
)
from masthead.core.editions import edition_languages, is_multilingual, language_name

from .calendar import CalendarView
from .desk_access import works_the_desk
from .models import ArticlePage, AuthorPage, SectionPage
from .translation_status import out_of_date_q

DRAFT, IN_REVIEW, SCHEDULED, LIVE, CHANGED = "draft", "review", "scheduled", "live", "changed"
STATUS_CHOICES = [
    (DRAFT, "Draft"),
    (IN_REVIEW, "In review"),
    (SCHEDULED, "Scheduled"),
    (LIVE, "Live"),
    (CHANGED, "Live, changed since publishing"),
]


def _for_this_page(queryset: QuerySet) -> QuerySet:
    """Rows of a generic relation (revisions, workflow states) that belong to the outer page."""
    return queryset.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), CharField()),
    )


def in_review_q() -> Q:
    return Q(Exists(_for_this_page(WorkflowState.objects.active())))


def scheduled_q() -> Q:
    return Q(Exists(_for_this_page(Revision.objects.filter(approved_go_live_at__isnull=False))))


def filter_by_status(stories: QuerySet, status: str) -> QuerySet:
    """Stories in one of the desk's states, as the status column names them.

    A story in review is shown as in review even if it is also live; "changed"
    is a live story whose newer draft is not in review yet.
    """
    if status == IN_REVIEW:
        return stories.filter(in_review_q())
    if status == SCHEDULED:
        return stories.filter(scheduled_q())
    if status == DRAFT:
        return stories.filter(live=False).exclude(in_review_q()).exclude(scheduled_q())
    if status == LIVE:
        return stories.filter(live=True, has_unpublished_changes=False)
    if status == CHANGED:
        return stories.filter(live=True, has_unpublished_changes=True).exclude(in_review_q())
    return stories


OUT_OF_DATE = "out-of-date"
MISSING = "missing-"


def translation_choices() -> list[tuple[str, str]]:
    """ "Out of date", then "Not yet in <language>" for every edition."""
    missing = [
        (f"{MISSING}{code}", f"Not yet in {language_name(code)}") for code in edition_languages()
    ]
    return [(OUT_OF_DATE, "Out of date (original changed)"), *missing]


def filter_by_translation(stories: QuerySet, value: str) -> QuerySet:
    """Stories whose translation needs work: out of date, or none in a language yet."""
    if value == OUT_OF_DATE:
        return stories.filter(out_of_date_q())
    if value.startswith(MISSING):
        code = value.removeprefix(MISSING)
        versions = Page.objects.filter(
            translation_key=OuterRef("translation_key"), locale__language_code=code
        )
        return stories.exclude(Exists(versions))
    return stories


class WholeIdsFilter(ModelMultipleChoiceFilter):
    field_class = WholeIdsChoiceField


class WholeUserIdsField(RefusesIdsOutOfRange, UserModelMultipleChoiceField):
    pass


class WholeSiteIdsField(RefusesIdsOutOfRange, ModelMultipleChoiceField):
    pass


# Wagtail's owner, "edited by" and site filters looked up "?owner=99…9" (twenty
# digits) as it came: SQLite's OverflowError, a 500 on the Stories desk.
WAGTAIL_ID_FIELDS = {
    "owner": WholeUserIdsField,
    "edited_by": WholeUserIdsField,
    "site": WholeSiteIdsField,
}


class StoryFilterSet(PageFilterSet):
    status = ChoiceFilter(
        label="Status",
        choices=STATUS_CHOICES,
        empty_label="Any",
        method="filter_status",
        widget=forms.RadioSelect,
    )
    section = WholeIdsFilter(
        label="Section",
        queryset=lambda request: SectionPage.objects.order_by("title"),
        method="filter_section",
        widget=forms.CheckboxSelectMultiple,
    )
    author = WholeIdsFilter(
        label="Author",
        queryset=lambda request: AuthorPage.objects.order_by("title"),
        field_name="article_authors__author",
        distinct=True,
        widget=forms.CheckboxSelectMultiple,
    )

    translation = ChoiceFilter(
        label="Translation",
        choices=translation_choices,
        empty_label="Any",
        method="filter_translation",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ArticlePage
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field_class in WAGTAIL_ID_FIELDS.items():
            if name in self.filters:
                self.filters[name].field_class = field_class
        if not is_multilingual():
            # One language: nothing is ever translated, so the filter would only confuse.
            del self.filters["translation"]

    def filter_translation(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return filter_by_translation(queryset, value)

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return filter_by_status(queryset, value)

    def filter_section(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        within = Q()
        for section in value:
            within |= Q(path__startswith=section.path, depth=section.depth + 1)
        return queryset.filter(within)


class AuthorsColumn(Column):
    """The byline, from the authors the listing prefetched."""

    def get_value(self, instance) -> str:
        return ", ".join(credit.author.title for credit in instance.article_authors.all())


class StoriesIndexView(IndexView):
    page_title = "Stories"
    add_item_label = "New story"
    default_ordering = "-latest_revision_created_at"

    def get_base_queryset(self):
        """The stories this person may work on, and, for translators, every published one.

        An edition's translators may not edit the other editions, but must find
        their published stories to translate them ("Not yet in Հայերեն").
        """
        user = self.request.user
        mine = Q(pk__in=self.permission_policy.explorable_instances(user).values("pk"))
        if is_multilingual() and user.has_perm("simple_translation.submit_translation"):
            mine |= Q(live=True)
        stories = self.model.objects.filter(mine, depth__gt=1)
        return self.annotate_queryset(stories).prefetch_related("article_authors__author")

    @cached_property
    def header_buttons(self) -> list:
        calendar = HeaderButton(
            "Calendar", url=reverse("stories:calendar"), icon_name="calendar-alt"
        )
        return [*super().header_buttons, calendar]


class ChooseSectionForm(forms.Form):
    """ "New story" asks which section the story is for, as a plain choice."""

    parent_page = WholeIdChoiceField(
        label="Section",
        queryset=SectionPage.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="The story is listed in this section and gets its address from it.",
    )

    def __init__(self, sections: QuerySet, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent_page"].queryset = sections


class ChooseSectionView(ChooseParentView):
    page_title = "New story"
    page_subtitle = "Choose a section"

    def get_form(self):
        sections = SectionPage.objects.filter(
            pk__in=self.get_valid_parent_pages(self.request.user).values("pk")
        ).order_by("title")
        data = self.request.POST if self.request.method == "POST" else None
        return ChooseSectionForm(sections, data)

    def get_page_subtitle(self) -> str:
        return self.page_subtitle


class StoriesMenuItem(MenuItem):
    """Shown to those who may write, edit or publish stories: not to comment moderators."""

    def is_shown(self, request) -> bool:
        return works_the_desk(request.user)


class StoriesViewSet(PageListingViewSet):
    """Registered as the admin's "Stories" menu item (see wagtail_hooks)."""

    model = ArticlePage
    name = "stories"
    icon = "doc-full-inverse"
    menu_label = "Stories"
    menu_order = 90
    add_to_admin_menu = True
    menu_item_class = StoriesMenuItem
    index_view_class = StoriesIndexView
    choose_parent_view_class = ChooseSectionView
    filterset_class = StoryFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Headline", sort_key="title", classname="title"),
        ParentPageColumn("parent", label="Section"),
        AuthorsColumn("authors", label="Authors"),
        PageStatusColumn("status", label="Status", sort_key="live", width="12%"),
        DateColumn(
            "latest_revision_created_at",
            label="Updated",
            sort_key="latest_revision_created_at",
            width="12%",
        ),
        DateColumn(
            "first_published_at",
            label="First published",
            sort_key="first_published_at",
            width="12%",
        ),
    ]

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path("calendar/", CalendarView.as_view(), name="calendar"),
        ]
