"""RSS 2.0 and Atom writers with what Django's own lack for a newsroom.

Django's generators write the core of both formats; these add, per item, every
credited author (by name and profile URL, never an e-mail address), the full
text when the newsroom chooses it, the featured picture as a Media RSS element,
and, per feed, the WebSub hubs that subscribers may follow.
"""

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

MEDIA_RSS_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DUBLIN_CORE_NS = "http://purl.org/dc/elements/1.1/"


def _add_media_content(handler, image) -> None:
    if image is None:
        return
    handler.startElement(
        "media:content",
        {
            "url": image["url"],
            "medium": "image",
            "type": image["mime_type"],
            "width": str(image["width"]),
            "height": str(image["height"]),
        },
    )
    if image["alt"]:
        handler.addQuickElement("media:description", image["alt"], {"type": "plain"})
    if image["credit"]:
        handler.addQuickElement("media:credit", image["credit"])
    handler.endElement("media:content")


class SteadyDateMixin:
    """An empty feed dates itself by its subject, not by the clock.

    Django dates a feed without items "now", which would change the feed (and
    its ETag) on every request and defeat conditional GET.
    """

    def latest_post_date(self):
        if not self.items and self.feed.get("updated_fallback"):
            return self.feed["updated_fallback"]
        return super().latest_post_date()


class NewsroomRssFeed(SteadyDateMixin, Rss201rev2Feed):
    """RSS 2.0 with Dublin Core creators, ``content:encoded`` and Media RSS."""

    def rss_attributes(self) -> dict:
        attributes = super().rss_attributes()
        attributes.update(
            {
                "xmlns:content": CONTENT_NS,
                "xmlns:dc": DUBLIN_CORE_NS,
                "xmlns:media": MEDIA_RSS_NS,
            }
        )
        return attributes

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)
        for hub in self.feed.get("hubs", ()):
            handler.addQuickElement("atom:link", "", {"rel": "hub", "href": hub})

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        for name, _url in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])
        _add_media_content(handler, item.get("image"))


class NewsroomAtomFeed(SteadyDateMixin, Atom1Feed):
    """Atom with one ``author`` per credited writer, ``content`` and Media RSS."""

    def root_attributes(self) -> dict:
        attributes = super().root_attributes()
        attributes["xmlns:media"] = MEDIA_RSS_NS
        return attributes

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)
        for hub in self.feed.get("hubs", ()):
            handler.addQuickElement("link", "", {"rel": "hub", "href": hub})

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        for name, url in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if url:
                handler.addQuickElement("uri", url)
            handler.endElement("author")
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})
        _add_media_content(handler, item.get("image"))
