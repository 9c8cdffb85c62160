"""RSS 2.0 and Atom feeds: the whole site, each section, tag and author, and comments.

With editions, each edition has its own under its prefix (``/hy/feeds/rss/``),
listing its own tree's stories; the unprefixed ones are the default edition's.

Each feed is a Django syndication ``Feed`` whose object is a :class:`Channel`,
built once per request from the request's site, so that one feed class can
serve every site and no request state is kept on the shared view instance.

Identifiers never change when a story is edited, moved or renamed: an item's
GUID is Wagtail's ``translation_key`` UUID for the page.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape
from taggit.models import Tag

from masthead.caching.tags import declare, list_tag, topic_tag
from masthead.core.editions import edition_home
from masthead.core.models import NewsroomSettings
from masthead.news.models import AuthorPage, SectionPage, TagIndexPage

from .articles import (
    authors_under,
    children_of,
    public_articles,
    section_title_for,
    section_titles,
)
from .feedformats import NewsroomAtomFeed, NewsroomRssFeed
from .images import image_variant
from .locations import absolute, absolutize_html, page_url, site_for_request
from .models import DistributionSettings
from .xmltext import xml_safe

FEED_ITEMS = 30
RSS = "rss"
ATOM = "atom"
GENERATORS = {RSS: NewsroomRssFeed, ATOM: NewsroomAtomFeed}


@dataclass
class Entry:
    """One item of a feed, with everything already made absolute and XML-safe."""

    title: str
    link: str
    guid: str
    summary_html: str
    published: datetime
    updated: datetime
    content_html: str = ""
    authors: list[tuple[str, str]] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    image: dict | None = None
    enclosure: Enclosure | None = None


@dataclass
class Channel:
    """A feed's own description and its entries."""

    title: str
    description: str
    link: str
    feed_url: str
    site_name: str
    site_url: str
    entries: list[Entry]
    updated_fallback: datetime | None = None


def feed_url_for(request: HttpRequest, route: str, fmt: str, **kwargs) -> str:
    from django.urls import reverse

    return absolute(request, reverse(f"distribution:{route}-{fmt}", kwargs=kwargs))


def uuid_guid(page) -> str:
    """A GUID that outlives edits, moves and slug changes: the page's translation key."""
    return f"urn:uuid:{page.translation_key}"


def article_entries(request: HttpRequest, root, articles, full_text: bool) -> list[Entry]:
    """Feed entries for ``articles`` (a queryset from :func:`public_articles`)."""
    if full_text:
        articles = articles.defer(None)
    articles = list(articles.prefetch_related("tagged_items__tag")[:FEED_ITEMS])
    declare(request, pages=articles)
    titles = section_titles(root)
    base_url = absolute(request, "/")
    entries = []
    for article in articles:
        section = section_title_for(article, titles)
        tags = sorted(item.tag.name for item in article.tagged_items.all())
        image = image_variant(article.featured_image)
        image_dict = None
        enclosure = None
        if image is not None:
            image_dict = {
                "url": absolute(request, image.url),
                "mime_type": image.mime_type,
                "width": image.width,
                "height": image.height,
                "alt": xml_safe(image.alt),
                "credit": xml_safe(image.credit),
            }
            enclosure = Enclosure(image_dict["url"], str(image.length), image.mime_type)
        content = ""
        if full_text:
            content = xml_safe(absolutize_html(str(article.body), base_url))
        entries.append(
            Entry(
                title=xml_safe(article.title),
                link=page_url(article, request),
                guid=uuid_guid(article),
                summary_html=escape(xml_safe(article.teaser(400))),
                content_html=content,
                published=article.first_published_at,
                updated=article.last_published_at or article.first_published_at,
                authors=[
                    (xml_safe(author.title), page_url(author, request))
                    for author in article.credited_authors
                ],
                categories=[xml_safe(name) for name in ([section] if section else []) + tags],
                image=image_dict,
                enclosure=enclosure,
            )
        )
    return entries


class NewsroomFeed(Feed):
    """Shared behaviour; subclasses say which stories and how the channel is named."""

    route = ""

    def __init__(self, fmt: str):
        self.fmt = fmt
        self.feed_type = GENERATORS[fmt]

    # Building the channel ------------------------------------------------

    def get_object(self, request: HttpRequest, **kwargs) -> Channel:
        site = site_for_request(request)
        # The address's edition: /hy/feeds/… lists the Armenian tree, and Django
        # writes the active language, the edition's, as the feed's <language>.
        root = edition_home(site.root_page)
        site_name = site.site_name or settings.WAGTAIL_SITE_NAME
        full_text = DistributionSettings.for_site(site).feed_full_text
        return self.channel(request, site, root, site_name, full_text, **kwargs)

    def channel(self, request, site, root, site_name, full_text, **kwargs) -> Channel:
        raise NotImplementedError

    def make_channel(self, request, root, site_name, title, description, link, entries, **kw):
        return Channel(
            title=xml_safe(title),
            description=xml_safe(description) or xml_safe(title),
            link=link,
            feed_url=feed_url_for(request, self.route, self.fmt, **kw.pop("url_kwargs", {})),
            site_name=xml_safe(site_name),
            site_url=absolute(request, "/"),
            entries=entries,
            updated_fallback=kw.pop("updated_fallback", None) or root.last_published_at,
        )

    # The feed ------------------------------------------------------------

    def title(self, channel: Channel) -> str:
        return channel.title

    def link(self, channel: Channel) -> str:
        return channel.link

    def description(self, channel: Channel) -> str:
        return channel.description

    def subtitle(self, channel: Channel) -> str:
        return channel.description

    def feed_url(self, channel: Channel) -> str:
        return channel.feed_url

    def feed_guid(self, channel: Channel) -> str:
        return channel.feed_url

    def author_name(self, channel: Channel) -> str:
        return channel.site_name

    def author_link(self, channel: Channel) -> str:
        return channel.site_url

    def feed_extra_kwargs(self, channel: Channel) -> dict:
        return {
            "hubs": list(settings.MASTHEAD_WEBSUB_HUBS),
            "updated_fallback": channel.updated_fallback,
        }

    def items(self, channel: Channel) -> list[Entry]:
        return channel.entries

    # Each item -----------------------------------------------------------

    def item_title(self, entry: Entry) -> str:
        return entry.title

    def item_link(self, entry: Entry) -> str:
        return entry.link

    def item_description(self, entry: Entry) -> str:
        return entry.summary_html

    def item_guid(self, entry: Entry) -> str:
        return entry.guid

    def item_guid_is_permalink(self, entry: Entry) -> bool:
        return False

    def item_pubdate(self, entry: Entry) -> datetime:
        return entry.published

    def item_updateddate(self, entry: Entry) -> datetime:
        return entry.updated

    def item_categories(self, entry: Entry) -> list[str]:
        return entry.categories

    def item_enclosures(self, entry: Entry) -> list[Enclosure]:
        return [entry.enclosure] if entry.enclosure else []

    def item_extra_kwargs(self, entry: Entry) -> dict:
        return {"authors": entry.authors, "content": entry.content_html, "image": entry.image}


class SiteFeed(NewsroomFeed):
    """Every story on the site."""

    route = "site"

    def channel(self, request, site, root, site_name, full_text, **kwargs) -> Channel:
        tagline = NewsroomSettings.for_site(site).tagline
        declare(request, list_tag(root.pk))
        entries = article_entries(request, root, public_articles(root), full_text)
        return self.make_channel(
            request,
            root,
            site_name,
            title=site_name,
            description=tagline or f"The latest stories from {site_name}.",
            link=page_url(root, request),
            entries=entries,
        )


class SectionFeed(NewsroomFeed):
    """The stories of one section."""

    route = "section"

    def channel(self, request, site, root, site_name, full_text, slug: str = "") -> Channel:
        section = get_object_or_404(
            SectionPage.objects.live().public().filter(children_of(root)), slug=slug
        )
        articles = public_articles(root).filter(children_of(section))
        declare(request, list_tag(section.pk))
        return self.make_channel(
            request,
            root,
            site_name,
            title=f"{section.title} · {site_name}",
            description=section.intro or f"The latest stories in {section.title}.",
            link=page_url(section, request),
            entries=article_entries(request, root, articles, full_text),
            url_kwargs={"slug": slug},
            updated_fallback=section.last_published_at,
        )


class TagFeed(NewsroomFeed):
    """The stories with one tag."""

    route = "tag"

    def channel(self, request, site, root, site_name, full_text, slug: str = "") -> Channel:
        tag = get_object_or_404(Tag, slug=slug)
        tag_index = TagIndexPage.objects.live().filter(children_of(root)).first()
        link = (
            absolute(request, tag_index.get_url(request=request) + tag.slug + "/")
            if tag_index
            else absolute(request, "/")
        )
        articles = public_articles(root).filter(tags=tag)
        declare(request, topic_tag(tag.pk))
        return self.make_channel(
            request,
            root,
            site_name,
            title=f"{tag.name} · {site_name}",
            description=f"Stories tagged “{tag.name}”.",
            link=link,
            entries=article_entries(request, root, articles, full_text),
            url_kwargs={"slug": slug},
        )


class AuthorFeed(NewsroomFeed):
    """The stories one author is credited on."""

    route = "author"

    def channel(self, request, site, root, site_name, full_text, slug: str = "") -> Channel:
        author = get_object_or_404(
            AuthorPage.objects.live().public().filter(authors_under(root)), slug=slug
        )
        articles = public_articles(root).filter(author.credits_in_edition())
        declare(request, list_tag(author.pk))
        return self.make_channel(
            request,
            root,
            site_name,
            title=f"{author.title} · {site_name}",
            description=f"Stories by {author.title}.",
            link=page_url(author, request),
            entries=article_entries(request, root, articles, full_text),
            url_kwargs={"slug": slug},
            updated_fallback=author.last_published_at,
        )


def comment_model():
    """The comments app's model, or ``None`` while that app has none."""
    from django.apps import apps

    try:
        return apps.get_model("comments", "Comment")
    except LookupError:
        return None


def approved_comments(article):
    """Approved, not erased comments on ``article``, newest first (empty without the app)."""
    model = comment_model()
    if model is None:
        return None
    return (
        model.objects.filter(article=article, status="approved", erased=False)
        .only("pk", "author_name", "body_html", "created_at", "updated_at", "article_id")
        .order_by("-created_at", "-pk")
    )


class CommentsFeed(NewsroomFeed):
    """Readers' approved comments on one story. Names only: never e-mail or IP addresses."""

    route = "comments"

    def channel(self, request, site, root, site_name, full_text, article_id: int = 0) -> Channel:
        article = get_object_or_404(public_articles(root), pk=article_id)
        comments = approved_comments(article)
        if comments is None:
            raise Http404("Comments are not enabled on this site.")
        article_link = page_url(article, request)
        declare(request, pages=[article])
        entries = [
            Entry(
                title=xml_safe(f"{comment.author_name} on “{article.title}”"),
                link=f"{article_link}#comment-{comment.pk}",
                guid=f"tag:{site.hostname},{comment.created_at:%Y-%m-%d}:comment-{comment.pk}",
                summary_html=xml_safe(comment.body_html),
                published=comment.created_at,
                updated=max(comment.created_at, comment.updated_at or comment.created_at),
                authors=[(xml_safe(comment.author_name), "")],
            )
            for comment in comments[:FEED_ITEMS]
        ]
        return self.make_channel(
            request,
            root,
            site_name,
            title=f"Comments on “{article.title}” · {site_name}",
            description=f"Readers' comments on “{article.title}”.",
            link=article_link,
            entries=entries,
            url_kwargs={"article_id": article.pk},
            updated_fallback=article.last_published_at,
        )
