"""Building the planned demo edition into the database, as pages an editor can open.

Pages are made with :mod:`masthead.news.authoring`, the same functions importers
use, so the demo's tree, slugs and revisions are what an editor would have made.
The whole build is one transaction: a failure leaves the database as it was.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Locale, Site
from wagtail.utils.file import hash_filelike

from masthead.core.models import NewsImage, NewsroomSettings
from masthead.core.site_address import host_and_port, served_address
from masthead.news.authoring import (
    add_article,
    add_author,
    add_section,
    ensure_news_site,
    paragraphs_to_body,
)
from masthead.news.editions import ensure_edition_homes
from masthead.news.models import ArticlePage, AuthorPage, HomePage, SectionPage
from masthead.news.slugs import slugify_headline

from . import identity
from .comments import add_demo_comments
from .edition import Edition, OtherEdition, StaffMember
from .identity import SECTIONS, SECTIONS_BY_KEY, SectionSpec
from .newsletters import add_demo_newsletters
from .pictures import Picture, illustration, portrait
from .stories import DRAFT, PUBLISHED, SCHEDULED, Story

SCHEDULED_AHEAD = timedelta(hours=1)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildReport:
    sections: int
    authors: int
    published: int
    scheduled: int
    drafts: int
    images: int
    site_url: str
    editions: tuple[str, ...] = ()  # the other editions' languages, when there are any

    @property
    def articles(self) -> int:
        return self.published + self.scheduled + self.drafts


def newsroom_is_empty() -> bool:
    """The demo only goes into a newsroom without a single article, published or not."""
    return not ArticlePage.objects.exists()


def build_steps(edition: Edition) -> int:
    """How many times :func:`build_newsroom` reports progress, for a progress bar."""
    others = sum(len(SECTIONS) + len(other.stories) for other in edition.other_editions)
    return 1 + len(SECTIONS) + len(edition.staff) + len(edition.stories) + others


class _ImageLibrary:
    """Stores drawn pictures as library images carrying the demo's credit."""

    def __init__(self):
        self.count = 0

    def store(self, picture: Picture, title: str, caption: str = "") -> NewsImage:
        image = NewsImage(
            title=title[:255],
            description=picture.description,
            credit=identity.IMAGE_CREDIT,
            caption=caption,
            file=ImageFile(io.BytesIO(picture.data), name=picture.filename),
            file_size=len(picture.data),
            file_hash=hash_filelike(io.BytesIO(picture.data)),
        )
        image.save()
        self.count += 1
        return image


def _describe_newsroom() -> Site:
    site = Site.objects.get(is_default_site=True)
    settings = NewsroomSettings.for_site(site)
    settings.tagline = identity.TAGLINE
    settings.about = identity.ABOUT
    settings.contact_email = identity.CONTACT_EMAIL
    settings.default_signoff = identity.DEFAULT_SIGNOFF
    settings.save()
    return site


def _section(home: HomePage, spec: SectionSpec) -> SectionPage:
    existing = SectionPage.objects.child_of(home).filter(slug=spec.key).first()
    return existing or add_section(home, spec.title, intro=spec.intro, slug=spec.key)


def _translated_section(section: SectionPage, locale: Locale, title: str) -> SectionPage:
    """The section's published copy in ``locale``'s edition, as "Translate" in the admin makes.

    Its intro is left empty: the English one would be the only English on the edition's page.
    """
    existing = section.get_translation_or_none(locale)
    if existing is not None:
        return existing
    copy = section.copy_for_translation(locale)
    copy.title = title
    copy.intro = ""
    copy.save_revision().publish(log_action=False)
    return SectionPage.objects.get(pk=copy.pk)


def _body(story: Story, figure: NewsImage | None) -> list:
    """StreamField content for the story's blocks, in the shapes of ``ArticleBodyBlock``."""
    body: list = []
    for block in story.blocks:
        if block.type == "paragraph":
            body.extend(paragraphs_to_body([block.text]))
        elif block.type == "heading":
            body.append(("heading", {"text": block.text, "level": "h2"}))
        elif block.type in ("blockquote", "pullquote"):
            body.append((block.type, {"quote": block.text, "attribution": block.attribution}))
        elif block.type == "figure" and figure is not None:
            value = {"image": figure, "caption": block.text, "credit": identity.IMAGE_CREDIT}
            body.append(("image", value))
    return body


class _Builder:
    def __init__(self, edition: Edition, progress: Progress):
        self.edition = edition
        self.progress = progress
        self.images = _ImageLibrary()
        self.now = timezone.now()

    def build(self) -> BuildReport:
        home = ensure_news_site(identity.SITE_NAME, *host_and_port(served_address()))
        site = _describe_newsroom()
        self.progress(f"Site “{identity.SITE_NAME}”")
        sections = {}
        for spec in SECTIONS:
            sections[spec.key] = _section(home, spec)
            self.progress(f"Section {spec.title}")
        authors = []
        for number, member in enumerate(self.edition.staff):
            authors.append(self._author(number, member))
            self.progress(f"Author {member.name}")
        articles = {}
        for number, story in enumerate(self.edition.stories, start=1):
            articles[story.headline] = self._article(
                number, story, sections[story.section], authors
            )
            self.progress(f"Article {number}: {story.headline}")
        # The demo's comments are in English: only the English edition's stories get them.
        english = ArticlePage.objects.live().filter(locale=home.locale)
        add_demo_comments(english, self.edition.seed, identity.SITE_NAME)
        add_demo_newsletters(site)
        stories = list(self.edition.stories)
        if self.edition.other_editions:
            ensure_edition_homes()
        for other in self.edition.other_editions:
            stories += self._other_edition(other, sections, authors, articles, len(stories))
        statuses = [story.status for story in stories]
        return BuildReport(
            sections=len(sections) * (1 + len(self.edition.other_editions)),
            authors=len(authors),
            published=statuses.count(PUBLISHED),
            scheduled=statuses.count(SCHEDULED),
            drafts=statuses.count(DRAFT),
            images=self.images.count,
            site_url=served_address(),
            editions=tuple(other.language for other in self.edition.other_editions),
        )

    def _other_edition(
        self,
        other: OtherEdition,
        sections: dict[str, SectionPage],
        authors: list[AuthorPage],
        articles: dict[str, ArticlePage],
        numbered: int,
    ) -> list[Story]:
        """The edition's sections and stories, built as the English ones are.

        A story that translates an English one shares its ``translation_key``, which is
        what links a page to its translations ("Also in", ``hreflang``).
        """
        locale = Locale.objects.get(language_code=other.language)
        translated = {}
        for key, title in other.section_titles:
            translated[key] = _translated_section(sections[key], locale, title)
            self.progress(f"Section {title}")
        for number, story in enumerate(other.stories, start=numbered + 1):
            original = articles.get(story.translation_of)
            key = {"translation_key": original.translation_key} if original else {}
            self._article(number, story, translated[story.section], authors, **key)
            self.progress(f"Article {number}: {story.headline}")
        return list(other.stories)

    def _author(self, number: int, member: StaffMember) -> AuthorPage:
        palette = SECTIONS_BY_KEY[member.beats[0]].palette
        picture = portrait(
            member.name, palette, self.edition.seed + number, f"meridian-staff-{number + 1}.jpg"
        )
        photo = self.images.store(picture, f"{member.name}, {member.role}")
        mailbox = slugify_headline(member.name).replace("-", ".")
        return add_author(
            member.name,
            role=member.role,
            bio=f"<p>{escape(member.bio)}</p>",
            photo=photo,
            email=f"{mailbox}@{identity.EMAIL_DOMAIN}",
        )

    def _picture(self, story: Story, number: int, suffix: str) -> Picture:
        spec = SECTIONS_BY_KEY[story.section]
        seed = self.edition.seed * 1000 + number * 2 + (suffix == "figure")
        filename = f"meridian-{spec.key}-{number:02d}-{suffix}.jpg"
        return illustration(spec.palette, spec.motif, seed, filename)

    def _article(
        self,
        number: int,
        story: Story,
        section: SectionPage,
        authors: list[AuthorPage],
        **page_fields,
    ) -> ArticlePage:
        featured = self.images.store(
            self._picture(story, number, "featured"),
            f"Illustration for “{story.headline}”",
            caption=story.featured_caption,
        )
        figure = None
        if any(block.type == "figure" for block in story.blocks):
            figure = self.images.store(
                self._picture(story, number, "figure"),
                f"Second illustration for “{story.headline}”",
            )
        fields = {
            "standfirst": story.standfirst,
            "dateline_place": story.dateline_place,
            "dateline_source": story.dateline_source,
            "source_signoff": story.source_signoff,
            "featured_image": featured,
            "featured_image_caption": story.featured_caption,
            **page_fields,
        }
        timing: dict = {}
        if story.status == PUBLISHED:
            timing["published_at"] = self.now - story.age
        elif story.status == SCHEDULED:
            # Publishing a revision whose go-live time is ahead only approves it for then;
            # the worker's publish_scheduled makes it live when the time comes.
            timing["go_live_at"] = self.now + SCHEDULED_AHEAD
        else:
            timing["publish"] = False
        article = add_article(
            section,
            story.headline,
            body=_body(story, figure),
            authors=[authors[n] for n in story.authors],
            tags=story.tags,
            **timing,
            **fields,
        )
        if story.status == DRAFT:
            _submit_for_review(article)
        return article


def _submit_for_review(article: ArticlePage) -> None:
    """Put the draft in the editors' review queue, so the demo shows the workflow at work."""
    workflow = article.get_workflow()
    if workflow is not None:
        workflow.start(article, user=None)


def build_newsroom(edition: Edition, progress: Progress | None = None) -> BuildReport:
    """Create the demo newsroom's site, sections, staff and articles from ``edition``."""
    with transaction.atomic():
        return _Builder(edition, progress or (lambda message: None)).build()
