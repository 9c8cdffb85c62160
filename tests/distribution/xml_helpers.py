"""Reading XML answers the way their consumers do, and checking them against schemas.

The schemas in ``schemas/`` were written for these tests from the published
descriptions of the formats (sitemaps.org's protocol page, Google's image and
news sitemap documentation); they are not copies of anyone's XSD files.
"""

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).parent / "schemas"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "atom": "http://www.w3.org/2005/Atom",
    "media": "http://search.yahoo.com/mrss/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def parse_xml(response) -> etree._Element:
    """The response body as XML; fails the test if it is not well-formed."""
    assert response.status_code == 200, response.status_code
    return etree.fromstring(response.content)


@cache
def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def assert_valid(document: etree._Element, schema_name: str = "sitemap.xsd") -> None:
    checker = schema(schema_name)
    if not checker.validate(document):
        raise AssertionError(str(checker.error_log))
