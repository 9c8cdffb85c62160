"""Creating the newsroom's pages in code: for the demo, importers and tests.

Editors use the Wagtail admin; code that must create pages uses these functions
so that every path produces the same tree, slugs and revisions as the editor.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from .models import (
    ArticleAuthor,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    SectionPage,
    TagIndexPage,
)
from .slugs import slugify_headline, unique_slug


def _free_slug(parent: Page, title: str) -> str:
    base = slugify_headline(title)
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    return unique_slug(base, taken)


def _add_child(parent: Page, page: Page, publish: bool = True) -> Page:
    if not page.slug:
        page.slug = _free_slug(parent, page.title)
    # A new page is live by default in Wagtail; a draft must say otherwise.
    page.live = publish
    parent.add_child(instance=page)
    revision = page.save_revision(log_action=False)
    if publish:
        revision.publish(log_action=False)
        page.refresh_from_db()
    return page


@transaction.atomic
def ensure_news_site(site_name: str, hostname: str = "localhost", port: int = 80) -> HomePage:
    """The site's home page, with /authors/ and /tags/ under it.

    Replaces Wagtail's placeholder "Welcome" page on a fresh database; on a site
    that already has a Masthead home page it changes nothing but the name.
    """
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        home = HomePage(title=site_name, slug="home")
        for placeholder in root.get_children().exact_type(Page):
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        _add_child(Page.objects.get(pk=root.pk), home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=site_name
        )
    else:
        site.root_page = home
        site.site_name = site_name
        site.save()
    if not AuthorIndexPage.objects.exists():
        _add_child(home, AuthorIndexPage(title="Authors", slug="authors", show_in_menus=False))
    if not TagIndexPage.objects.exists():
        _add_child(home, TagIndexPage(title="Tags", slug="tags"))
    return home


def add_page(
    parent: Page,
    page: Page,
    *,
    publish: bool = True,
    first_published_at: datetime | None = None,
    last_published_at: datetime | None = None,
) -> Page:
    """Create a page that comes from another system (importers), published quietly.

    The same tree, slug and revision as every other path, but the publication is
    recorded rather than announced: no ``page_published`` signal, so moving an
    archive in sends no breaking-news newsletter and no search-engine pings, and
    the page keeps the publication times it had there. A page with a future
    ``go_live_at`` is scheduled (an approved revision), as in the admin.
    """
    if not page.slug:
        page.slug = _free_slug(parent, page.title)
    now = timezone.now()
    scheduled = publish and page.go_live_at is not None and page.go_live_at > now
    live = publish and not scheduled
    page.live = live
    if live:
        page.first_published_at = first_published_at or now
        page.last_published_at = max(
            last_published_at or page.first_published_at, page.first_published_at
        )
    # Known from the parent: saves Wagtail looking the locale up page by page.
    page.locale_id = page.locale_id or parent.locale_id
    with transaction.atomic():
        parent.add_child(instance=page)
        revision = page.save_revision(
            log_action=False,
            clean=False,
            approved_go_live_at=page.go_live_at if scheduled else None,
        )
        page.has_unpublished_changes = not live
        page.live_revision = revision if live else None
        Page.objects.filter(pk=page.pk).update(
            has_unpublished_changes=page.has_unpublished_changes, live_revision=page.live_revision
        )
    return page


def add_section(home: HomePage, title: str, intro: str = "", slug: str = "") -> SectionPage:
    return _add_child(home, SectionPage(title=title, intro=intro, slug=slug, show_in_menus=True))


def add_author(name: str, role: str = "", bio: str = "", photo=None, email: str = "") -> AuthorPage:
    # With editions every edition has an /authors/; new profiles go in the first
    # tree's, the default edition's, which the others' translations come from.
    index = AuthorIndexPage.objects.order_by("path")[:1].get()
    return _add_child(index, AuthorPage(title=name, role=role, bio=bio, photo=photo, email=email))


def paragraphs_to_body(paragraphs: Iterable[str]) -> list[tuple[str, RichText]]:
    """StreamField content for plain-text paragraphs (escaped, one block each)."""
    from django.utils.html import escape

    return [
        ("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in paragraphs if text.strip()
    ]


def add_article(
    section: SectionPage,
    title: str,
    *,
    body: list | None = None,
    paragraphs: Sequence[str] = (),
    authors: Sequence[AuthorPage] = (),
    tags: Sequence[str] = (),
    published_at: datetime | None = None,
    publish: bool = True,
    **fields,
) -> ArticlePage:
    """Create an article under ``section``; published (at ``published_at``) unless told not to."""
    article = ArticlePage(
        title=title,
        body=body if body is not None else paragraphs_to_body(paragraphs),
        **fields,
    )
    article.article_authors = [ArticleAuthor(author=author) for author in authors]
    if tags:
        article.tags.add(*tags)
    with transaction.atomic():
        _add_child(section, article, publish=publish)
        if publish and published_at is not None:
            ArticlePage.objects.filter(pk=article.pk).update(
                first_published_at=published_at, last_published_at=published_at
            )
            article.first_published_at = article.last_published_at = published_at
    return article
