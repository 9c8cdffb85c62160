"""The newsroom's content: articles and the pages that list them.

URLs follow the site tree: ``/<section>/<article-slug>/`` for stories,
``/authors/<slug>/`` for profiles and ``/tags/<slug>/`` for tags. An article
lives under its section, so its section is simply its parent page.
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Expression, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.forms import BaseChildFormSet
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.rich_text import RichText
from wagtail.search import index

from masthead.caching.tags import TAG_LIST, declare, list_tag, related_tag, topic_tag
from masthead.core.datetimes import SchedulePanel
from masthead.core.editions import edition_home, in_edition
from masthead.core.methods import ReadOnlyPage
from masthead.core.pagination import paginate
from masthead.core.text import plain_text, reading_minutes, truncate_words
from masthead.core.tree import children_q, descendants_q

from .admin_actions import sends_the_story_out
from .alt_text import undescribed_figures
from .author_chooser import AuthorChooserWidget
from .blocks import ArticleBodyBlock
from .body_text import body_text
from .footnotes import anchor_footnotes
from .formatting import format_byline, format_dateline, lead_excerpt, opens_with_dateline
from .slugs import slugify_headline, unique_slug
from .translation_panel import TranslationStatusPanel

# Wagtail's settings tab with the schedule to the minute, in a named time zone.
SCHEDULE_SETTINGS_PANELS = [SchedulePanel(), *Page.settings_panels[1:]]

STORED_SUMMARY_CHARS = 400
LISTING_EXCERPT_CHARS = 160
HOME_RAIL_SIZE = 4


class HeadlineSlugForm(WagtailAdminPageForm):
    """Fills the slug from the headline, transliterated, so every script gets a URL.

    A slug the writer did not type themselves (empty, or the one the admin's
    script made from the headline) is a suggestion: when another page in the
    section has it already (an autosaved draft of the same story, say), the
    next free one is taken instead (``-2``, ``-3``…), rather than blocking the
    save with an error on the Promote tab. A slug the writer did type is kept,
    and a clash is also said next to the headline, where the writer is.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def _slug_typed_by_writer(self, slug: str, title: str) -> bool:
        if not slug:
            return False
        if self.instance.pk and slug == self.instance.slug:
            # The page's own slug: kept as it is, whoever chose it.
            return True
        # The admin's script (and Django) may spell a headline's slug a little
        # differently (transliteration, length); compared the way Masthead spells it.
        derived = {slugify_headline(title), slugify_headline(title, max_length=255)}
        return slug not in derived and slugify_headline(slug) != slugify_headline(title)

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or ""
        title = self.cleaned_data.get("title", "")
        if self._slug_typed_by_writer(slug, title):
            return slug
        base = slug or slugify_headline(title)
        parent = self.parent_page
        if parent is None:
            return base
        siblings = parent.get_children()
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
        return unique_slug(base, taken)

    def clean(self):
        cleaned_data = super().clean()
        slug = self.data.get(self.add_prefix("slug"), "")
        clash = (
            "slug" in self.errors
            and self.parent_page is not None
            and not Page._slug_is_available(slug, self.parent_page, self.instance)
        )
        if clash and "title" not in self.errors:
            self.add_error(
                "title",
                f"Another page in “{self.parent_page.title}” already has the address "
                f"“{slug}”. Change the slug on the Promote tab, or the headline.",
            )
        return cleaned_data


class ArticlePageForm(HeadlineSlugForm):
    """Starts a new story's byline with the writer's own profile.

    Only when the story is being created and the form is first shown: the
    writer, or an editor, can still remove or reorder that author, and what they
    submit is what is saved. A user whose account is linked to no profile (an
    editor filing for an agency) gets the empty byline as before.

    A story may be saved with pictures undescribed, but not sent to review or
    readers: see :mod:`masthead.news.alt_text`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is None:
            profile = AuthorPage.profile_of(self.for_user)
            if profile is not None:
                _start_byline_with(self.formsets["article_authors"], profile)

    def clean(self) -> dict:
        cleaned = super().clean()
        if not sends_the_story_out(self.data):
            return cleaned
        featured = cleaned.get("featured_image")
        if featured is not None and not (featured.description or "").strip():
            self.add_error(
                "featured_image",
                f"The lead picture “{featured.title}” has no alt text: give it a "
                "description in Images before the story is submitted or published.",
            )
        for title in undescribed_figures(cleaned.get("body") or []):
            self.add_error(
                None,
                f"The picture “{title}” in the body has no alt text: describe what it "
                "shows, or tick “decorative” if it adds nothing to the text.",
            )
        return cleaned


def _start_byline_with(formset: BaseChildFormSet, author: "AuthorPage") -> None:
    """Put ``author`` in an unbound byline formset that has no authors yet.

    Wagtail's inline panel draws no extra forms (it adds them in the browser),
    so the default author goes in as the formset's one extra form with initial
    data. It is then submitted like any author added by hand: saved if kept,
    dropped if deleted. Must run before the formset's forms are first built.
    """
    if formset.initial_form_count():
        return
    formset.extra = 1
    formset.initial_extra = [{"author": author.pk, "ORDER": 1}]


class HeadlineSlugMixin:
    """Gives pages created in code (demo, importers) the same transliterated slugs."""

    def full_clean(self, *args, **kwargs):
        if not self.slug and self.title:
            self.slug = slugify_headline(self.title)
        return super().full_clean(*args, **kwargs)


def opening_summary(paragraphs: Iterable[str]) -> str:
    """The stored summary: the first paragraphs' text, cut at a word near 400 characters.

    Takes plain-text paragraphs lazily, so a long body is read only as far as
    the summary needs; bulk writers that never build a page use it too.
    """
    pieces: list[str] = []
    length = 0
    for text in paragraphs:
        if text:
            pieces.append(text)
            length += len(text)
        if length >= STORED_SUMMARY_CHARS:
            break
    return truncate_words(" ".join(pieces), STORED_SUMMARY_CHARS)


def summary_of_paragraphs(paragraph_html: Iterable[str]) -> str:
    """The stored summary of a body whose paragraph blocks hold this HTML, in order.

    The one place the summary is computed: :meth:`ArticlePage.opening_text` on
    save, and bulk writers that store rows without building pages (the demo's
    synthetic corpus).
    """
    return opening_summary(plain_text(html) for html in paragraph_html)


# What other apps print about each story on a card ("3 comments"), as query
# expressions they register from their AppConfig.ready(): news knows none of them.
LISTING_ANNOTATIONS: dict[str, Callable[[], Expression]] = {}


def register_listing_annotation(name: str, expression: Callable[[], Expression]) -> None:
    """Have every listing's query compute ``name`` for each story, in the same query."""
    LISTING_ANNOTATIONS[name] = expression


class ArticleQuerySet(PageQuerySet):
    def for_listing(self) -> "ArticleQuerySet":
        """Live articles, newest first, with what a listing prints fetched in bulk."""
        return (
            self.live()
            .defer("body")
            .select_related("featured_image")
            .prefetch_related(
                Prefetch(
                    "article_authors",
                    queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order"),
                ),
                "featured_image__renditions",
            )
            .order_by("-first_published_at", "-pk")
            .annotate(**{name: make() for name, make in LISTING_ANNOTATIONS.items()})
        )


ArticleManager = PageManager.from_queryset(ArticleQuerySet)


def attach_sections(articles, sections) -> None:
    """Set ``article.section_page`` from an already fetched list of sections, without queries."""
    by_path = {section.path: section for section in sections}
    for article in articles:
        article.section_page = by_path.get(article.path[: -Page.steplen])


class HomePage(ReadOnlyPage, Page):
    """The front page: the latest stories and a rail of headlines per section."""

    settings_panels = SCHEDULE_SETTINGS_PANELS

    intro = models.CharField(max_length=255, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = [
        "news.SectionPage",
        "news.AuthorIndexPage",
        "news.TagIndexPage",
        "news.StandardPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = list(SectionPage.objects.live().filter(children_q(self)).order_by("path"))
        stories = ArticlePage.objects.filter(descendants_q(self, depth=2)).for_listing()
        latest = paginate(request, stories, ARTICLES_PER_HOME_PAGE)
        if latest.number == 1:
            # Sticky stories lead the first page, on top of the usual dozen. Their
            # ids come from the article table alone: joined with the page tree,
            # SQLite's planner walks the whole archive by date to find a handful.
            sticky_ids = list(
                ArticlePage.objects.filter(sticky=True).order_by().values_list("pk", flat=True)
            )
            pinned = list(stories.filter(pk__in=sticky_ids)) if sticky_ids else []
            if pinned:
                pinned_ids = {story.pk for story in pinned}
                latest.object_list = pinned + [
                    story for story in latest.object_list if story.pk not in pinned_ids
                ]
        attach_sections(latest.object_list, sections)
        context["articles"] = latest
        shown = list(latest.object_list)
        if latest.number == 1:
            context["section_rails"] = self.section_rails(sections)
            shown += [story for _, rail in context["section_rails"] for story in rail]
        declare(request, list_tag(self.pk), pages=shown)
        return context

    def section_rails(self, sections) -> list[tuple["SectionPage", list["ArticlePage"]]]:
        """The newest few headlines of each section.

        One small query per section: each walks the publication-date index and
        stops after a few rows, where a single window query over the archive had
        to rank every story (0.7 s at 100,000 articles).
        """
        rails = []
        for section in sections:
            stories = list(
                ArticlePage.objects.live()
                .filter(children_q(section))
                .only("title", "slug", "url_path", "path", "depth", "first_published_at")
                .order_by("-first_published_at", "-pk")[:HOME_RAIL_SIZE]
            )
            if stories:
                rails.append((section, stories))
        return rails


ARTICLES_PER_HOME_PAGE = 12
ARTICLES_PER_LISTING = 20


class SectionPage(ReadOnlyPage, HeadlineSlugMixin, Page):
    """A section of the paper (Politics, Community, Culture…); its stories live under it."""

    settings_panels = SCHEDULE_SETTINGS_PANELS

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage"]
    show_in_menus_default = True
    base_form_class = HeadlineSlugForm

    search_fields = Page.search_fields + [index.SearchField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = paginate(
            request,
            ArticlePage.objects.filter(children_q(self)).for_listing(),
            ARTICLES_PER_LISTING,
        )
        for article in articles.object_list:
            article.section_page = self
        context["articles"] = articles
        declare(request, list_tag(self.pk), pages=articles.object_list)
        return context


class AuthorIndexPage(ReadOnlyPage, Page):
    """``/authors/``: everyone who writes for the newsroom."""

    settings_panels = SCHEDULE_SETTINGS_PANELS

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.AuthorPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        authors = (
            AuthorPage.objects.live()
            .filter(children_q(self))
            .select_related("photo")
            .order_by("title")
        )
        context["authors"] = paginate(request, authors, 48)
        declare(request)  # Profiles are site-wide changes: see masthead.caching.signals.
        return context


class AuthorPage(ReadOnlyPage, HeadlineSlugMixin, Page):
    """A writer's profile: name (the page title), role, biography and their stories."""

    settings_panels = SCHEDULE_SETTINGS_PANELS

    role = models.CharField(max_length=255, blank=True, help_text="E.g. “Staff writer”, “Editor”.")
    bio = RichTextField(blank=True, features=["bold", "italic", "link"])
    photo = models.ForeignKey(
        "core.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(
        blank=True, help_text="For the newsroom only; never shown to readers."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="staff account",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        error_messages={"unique": "This account already belongs to another author profile."},
        help_text=(
            "The admin login of the person this profile belongs to: stories they start "
            "have this profile in the byline, which they can still change. One profile "
            "per account; takes effect once the profile is published. Never shown to readers."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("email"),
        FieldPanel("user"),
    ]
    parent_page_types = ["news.AuthorIndexPage"]
    subpage_types: list[str] = []
    base_form_class = HeadlineSlugForm

    search_fields = Page.search_fields + [index.SearchField("role"), index.SearchField("bio")]

    @property
    def name(self) -> str:
        return self.title

    @classmethod
    def profile_of(cls, user) -> "AuthorPage | None":
        """The profile linked to ``user``'s account, if any (none for anonymous users)."""
        if user is None or not user.is_authenticated:
            return None
        return cls.objects.filter(user=user).first()

    def credits_in_edition(self) -> models.Q:
        """Stories of this page's edition that credit this writer.

        A translated story keeps its original's byline, which names the
        profile in the default edition: a profile translated into another
        edition lists that edition's stories crediting either version of it.
        With one language, the stories crediting this profile, as always.
        """
        edition = in_edition(self)
        if not edition:
            return models.Q(article_authors__author=self)
        return edition & models.Q(article_authors__author__translation_key=self.translation_key)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = self.get_site()
        home = edition_home(site.root_page) if site else None
        articles = ArticlePage.objects.for_listing().filter(self.credits_in_edition())
        page = paginate(request, articles, ARTICLES_PER_LISTING)
        if home is not None:
            attach_sections(page.object_list, SectionPage.objects.live().filter(children_q(home)))
        context["articles"] = page
        declare(request, list_tag(self.pk), pages=page.object_list)
        return context


class TagIndexPage(ReadOnlyPage, RoutablePageMixin, Page):
    """``/tags/`` lists the tags in use; ``/tags/<slug>/`` the stories with one tag."""

    settings_panels = SCHEDULE_SETTINGS_PANELS

    parent_page_types = ["news.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    @path("")
    def tag_list(self, request):
        tags = (
            Tag.objects.filter(
                in_edition(self, "news_articletag_items__content_object__"),
                news_articletag_items__content_object__live=True,
            )
            .annotate(article_count=models.Count("news_articletag_items", distinct=True))
            .order_by("-article_count", "name")
        )
        declare(request, TAG_LIST)
        return self.render(
            request,
            context_overrides={"tags": paginate(request, tags, 100)},
            template="news/tag_index_page.html",
        )

    @path("<str:tag_slug>/")
    def tag_detail(self, request, tag_slug: str):
        if len(tag_slug) > 255:
            raise Http404("No such tag.")
        tag = get_object_or_404(Tag, slug=tag_slug)
        articles = paginate(
            request,
            ArticlePage.objects.for_listing().filter(in_edition(self), tags=tag),
            ARTICLES_PER_LISTING,
        )
        home = self.get_parent()
        attach_sections(articles.object_list, SectionPage.objects.live().filter(children_q(home)))
        declare(request, topic_tag(tag.pk), pages=articles.object_list)
        return self.render(
            request,
            context_overrides={"tag": tag, "articles": articles},
            template="news/tag_page.html",
        )

    def url_for_tag(self, tag: Tag) -> str:
        return self.reverse_subpage("tag_detail", kwargs={"tag_slug": tag.slug})


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticleAuthor(Orderable):
    """One credited author of an article, in byline order."""

    article = ParentalKey(
        "news.ArticlePage", related_name="article_authors", on_delete=models.CASCADE
    )
    author = models.ForeignKey("news.AuthorPage", related_name="+", on_delete=models.CASCADE)

    # A list of people by name with a search box, not the page tree.
    panels = [FieldPanel("author", widget=AuthorChooserWidget)]

    class Meta(Orderable.Meta):
        unique_together = [("article", "author")]


class ArticlePage(ReadOnlyPage, HeadlineSlugMixin, Page):
    """A news story. The page title is the headline; its parent page is its section."""

    standfirst = models.TextField(
        blank=True, help_text="One or two sentences under the headline that sum the story up."
    )
    dateline_place = models.CharField(
        "dateline",
        max_length=100,
        blank=True,
        help_text=(
            "Where the story was reported, e.g. STOCKHOLM. It is printed for you, in "
            "capitals and with a dash, before the first paragraph: no need to type it there."
        ),
    )
    dateline_source = models.CharField(
        "dateline source",
        max_length=100,
        blank=True,
        help_text="Agency credited in the dateline, e.g. Armradio → “ANKARA (Armradio) —”.",
    )
    body = StreamField(ArticleBodyBlock(), blank=True)
    featured_image = models.ForeignKey(
        "core.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    featured_image_caption = models.CharField(max_length=500, blank=True)
    source_signoff = models.CharField(
        "sign-off",
        max_length=100,
        blank=True,
        help_text="Printed at the end of the story: the outlet's or wire service's name.",
    )
    excerpt = models.TextField(
        blank=True,
        help_text="Shown in listings and search results. Leave empty to use the story's opening.",
    )
    summary = models.TextField(editable=False, blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    sticky = models.BooleanField(
        "keep at the top",
        default=False,
        db_index=True,
        help_text="Keep this story first on the front page until it is unticked.",
    )
    comments_open = models.BooleanField(
        default=True, help_text="Untick to close this story to new reader comments."
    )

    objects = ArticleManager()

    content_panels = [
        TranslationStatusPanel(),
        TitleFieldPanel(
            "title",
            heading="Headline",
            placeholder="Headline*",
            help_text="The story's headline, as readers see it on the page and in listings.",
        ),
        FieldPanel("standfirst"),
        # Lower case: Wagtail prints it as "Author 1" over each item and "Add author".
        InlinePanel("article_authors", label="author", heading="Byline"),
        MultiFieldPanel(
            [FieldPanel("dateline_place"), FieldPanel("dateline_source")], heading="Dateline"
        ),
        MultiFieldPanel(
            [FieldPanel("featured_image"), FieldPanel("featured_image_caption")],
            heading="Featured image",
        ),
        FieldPanel("body"),
        FieldPanel("source_signoff"),
        FieldPanel("excerpt"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                InlinePanel("related_pins", label="Pinned story"),
                InlinePanel("related_exclusions", label="Excluded story"),
            ],
            heading="You May Also Like",
            classname="collapsed",
        ),
    ]
    settings_panels = SCHEDULE_SETTINGS_PANELS + [FieldPanel("sticky"), FieldPanel("comments_open")]
    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []
    base_form_class = ArticlePageForm

    search_fields = Page.search_fields + [
        index.SearchField("standfirst", boost=2),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("first_published_at"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]

    class Meta:
        # What the newsroom calls it: the admin's "Create a new story", "42 stories".
        verbose_name = "story"
        verbose_name_plural = "stories"

    # Credits -----------------------------------------------------------

    @cached_property
    def credited_authors(self) -> list["AuthorPage"]:
        return [link.author for link in self.article_authors.all()]

    @property
    def byline(self) -> str:
        return format_byline([author.title for author in self.credited_authors])

    @property
    def dateline(self) -> str:
        return format_dateline(self.dateline_place, self.dateline_source)

    def dateline_before(self, opening: str) -> str:
        """The dateline to print before ``opening``: none when the writer already typed it."""
        if opens_with_dateline(opening, self.dateline_place):
            return ""
        return self.dateline

    @property
    def lead_dateline(self) -> str:
        """The dateline the page prints before the body's first paragraph."""
        lead = self.lead_block_index
        opening = plain_text(self.body[lead].value.source) if lead is not None else ""
        return self.dateline_before(opening)

    @cached_property
    def reading_minutes(self) -> int:
        """How long the story takes to read: its standfirst and the words of its body.

        Tables, captions and transcripts are left out: readers scan them.
        """
        return reading_minutes(f"{self.standfirst} {body_text(self.body.raw_data)}")

    # Excerpts ----------------------------------------------------------

    def opening_text(self) -> str:
        """The text of the body's first paragraphs, for the generated excerpt."""
        return summary_of_paragraphs(
            block.value.source for block in self.body if block.block_type == "paragraph"
        )

    def teaser(self, max_chars: int = LISTING_EXCERPT_CHARS) -> str:
        """The excerpt for listings: the editor's own, or the dateline-led opening."""
        if self.excerpt.strip():
            return truncate_words(self.excerpt, max_chars)
        return lead_excerpt(self.dateline_before(self.summary), self.summary, max_chars)

    @property
    def listing_teaser(self) -> str:
        return self.teaser()

    def keep_footnote_anchors(self) -> None:
        """Put back the footnote ids the rich-text editor drops (see :mod:`.footnotes`)."""
        positions = [i for i, block in enumerate(self.body) if block.block_type == "paragraph"]
        sources = [self.body[i].value.source for i in positions]
        if "#footnote-" not in "".join(sources):
            return
        for position, source, anchored in zip(
            positions, sources, anchor_footnotes(sources), strict=True
        ):
            if anchored != source:
                self.body[position] = ("paragraph", RichText(anchored), self.body[position].id)

    def save(self, *args, **kwargs):
        self.keep_footnote_anchors()
        self.summary = self.opening_text()
        return super().save(*args, **kwargs)

    # Page --------------------------------------------------------------

    @property
    def lead_block_index(self) -> int | None:
        """Position of the paragraph the dateline opens."""
        for position, block in enumerate(self.body):
            if block.block_type == "paragraph":
                return position
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Authors with their photos, and tags, in two queries whatever their number.
        self.__dict__["credited_authors"] = [
            link.author
            for link in self.article_authors.select_related("author").order_by("sort_order")
        ]
        context["article_tags"] = list(self.tags.order_by("name"))
        context["section"] = self.get_parent()
        context["updated"] = was_updated(self.first_published_at, self.last_published_at)
        # Parts of the page showing one reader something of their own (comments'
        # held comment) keep the response private: caching.tags.keep_private.
        declare(request, related_tag(self.pk), pages=[self])
        return context


UPDATE_THRESHOLD_MINUTES = 10


def was_updated(first: datetime | None, last: datetime | None) -> bool:
    """Whether to print "Updated": republished well after the first publication."""
    if not first or not last:
        return False
    return (last - first).total_seconds() > UPDATE_THRESHOLD_MINUTES * 60


class StandardPage(ReadOnlyPage, HeadlineSlugMixin, Page):
    """A plain page: About us, Contact, Advertise, Corrections policy."""

    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    settings_panels = SCHEDULE_SETTINGS_PANELS
    parent_page_types = ["news.HomePage", "news.StandardPage"]
    base_form_class = HeadlineSlugForm

    search_fields = Page.search_fields + [index.SearchField("body")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        declare(request, pages=[self])
        return context


class TranslatedFrom(models.Model):
    """Which version of its original a translation follows (masthead.news.translation_status).

    Recorded when "Translate" copies a page and moved forward when the
    translator marks the translation up to date: a later published version of
    the original means readers of the translation miss a change.
    """

    translation = models.OneToOneField(
        Page, on_delete=models.CASCADE, related_name="translated_from"
    )
    source = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="translations_made")
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "translation source"

    def __str__(self) -> str:
        return f"{self.translation} follows {self.source}"
