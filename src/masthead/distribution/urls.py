"""Feeds, sitemaps, robots.txt, oEmbed and the IndexNow key, at the site root.

Feeds live under ``/feeds/`` so that no section or story slug is ever shadowed
(see docs/distribution.md for the full list).
"""

from django.urls import path, re_path
from django.views.decorators.http import conditional_page, require_safe

from masthead.core.editions import edition_routes

from . import embeds, feeds, logo, pings, sitemap_views

app_name = "distribution"


def feed_routes(prefix: str, route: str, feed_class) -> list:
    """``<prefix>rss/`` and ``<prefix>atom/`` for one kind of feed, with conditional GET.

    GET and HEAD only: a feed answered to a POST would skip the caches (masthead.core.methods).
    """
    return [
        path(
            f"{prefix}{fmt}/",
            require_safe(conditional_page(feed_class(fmt))),
            name=f"{route}-{fmt}",
        )
        for fmt in (feeds.RSS, feeds.ATOM)
    ]


urlpatterns = [
    # Each edition has its feeds under its prefix (/hy/feeds/rss/); the rest is site-wide.
    *edition_routes(
        [
            *feed_routes("feeds/", "site", feeds.SiteFeed),
            *feed_routes("feeds/sections/<slug:slug>/", "section", feeds.SectionFeed),
            *feed_routes("feeds/tags/<slug:slug>/", "tag", feeds.TagFeed),
            *feed_routes("feeds/authors/<slug:slug>/", "author", feeds.AuthorFeed),
            *feed_routes("feeds/comments/<id:article_id>/", "comments", feeds.CommentsFeed),
        ]
    ),
    path("sitemap.xml", sitemap_views.sitemap_index, name="sitemap-index"),
    path("sitemap-news.xml", sitemap_views.news_sitemap, name="sitemap-news"),
    path(
        "sitemap-<slug:name>-<id:bucket>.xml",
        sitemap_views.sitemap_part,
        name="sitemap-part",
    ),
    path("robots.txt", sitemap_views.robots_txt, name="robots"),
    path("oembed/", embeds.oembed, name="oembed"),
    path("embed/<id:article_id>/", embeds.embed_card, name="embed"),
    path("publisher-logo.png", logo.publisher_logo, name="publisher-logo"),
    re_path(r"^(?P<key>[A-Za-z0-9-]{8,128})\.txt$", pings.indexnow_key_file, name="indexnow-key"),
]
