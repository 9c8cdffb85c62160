"""Head metadata read back by extruct, the extractor search engines' tooling is modelled on."""

import extruct
import pytest
from lxml import etree
from wagtail.rich_text import RichText

from masthead.news.authoring import add_article, add_author

pytestmark = pytest.mark.django_db


def extract(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code in (200, 404), url
    data = extruct.extract(
        response.content,
        base_url=f"http://testserver{url}",
        syntaxes=["json-ld", "opengraph"],
    )
    head = etree.HTML(response.content).find("head")
    data["canonical"] = [link.get("href") for link in head.iterfind("link[@rel='canonical']")]
    data["meta"] = {
        meta.get("name"): meta.get("content") for meta in head.iterfind("meta") if meta.get("name")
    }
    data["html"] = response.content.decode()
    return data


def json_ld(data: dict, kind: str) -> dict:
    found = [item for item in data["json-ld"] if item.get("@type") == kind]
    assert len(found) == 1, [item.get("@type") for item in data["json-ld"]]
    return found[0]


def open_graph(data: dict) -> dict:
    """Open Graph properties → list of values (article:tag and the like repeat)."""
    assert len(data["opengraph"]) == 1
    properties: dict[str, list[str]] = {}
    for key, value in data["opengraph"][0]["properties"]:
        properties.setdefault(key, []).append(value)
    return properties


def test_article_news_article_json_ld(client, article, author):
    data = extract(client, article.url)
    news = json_ld(data, "NewsArticle")
    url = f"http://testserver{article.url}"
    assert news["headline"] == article.title
    assert news["description"].startswith("STOCKHOLM — The central library reopened")
    assert news["datePublished"] == article.first_published_at.replace(microsecond=0).isoformat()
    assert news["dateModified"] == article.last_published_at.replace(microsecond=0).isoformat()
    assert news["author"] == [
        {"@type": "Person", "name": "Anahit Petrosyan", "url": f"http://testserver{author.url}"}
    ]
    publisher = news["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "The Test Gazette"
    assert publisher["logo"]["url"] == "http://testserver/publisher-logo.png"
    assert news["articleSection"] == "Community"
    assert news["keywords"] == ["Culture", "Libraries"]
    assert news["isAccessibleForFree"] is True
    assert news["mainEntityOfPage"]["@id"] == url
    # Three aspect ratios (16:9, 4:3, 1:1) cut from the 1600×1000 original, never enlarged.
    assert [(image["width"], image["height"]) for image in news["image"]] == [
        (1200, 675),
        (1200, 900),
        (1000, 1000),
    ]
    assert all(image["url"].startswith("http://testserver/media/") for image in news["image"])
    assert data["canonical"] == [url]
    assert "anahit.private@example.org" not in data["html"]


def test_article_breadcrumbs(client, article):
    crumbs = json_ld(extract(client, article.url), "BreadcrumbList")["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "The Test Gazette", "http://testserver/"),
        (2, "Community", "http://testserver/community/"),
        (3, article.title, f"http://testserver{article.url}"),
    ]


def test_article_open_graph_and_x_card(client, article, author):
    data = extract(client, article.url)
    og = open_graph(data)
    assert og["og:type"] == ["article"]
    assert og["og:title"] == [article.title]
    assert og["og:url"] == [f"http://testserver{article.url}"]
    assert og["og:site_name"] == ["The Test Gazette"]
    assert og["article:published_time"] == [
        article.first_published_at.replace(microsecond=0).isoformat()
    ]
    assert og["article:modified_time"]
    assert og["article:author"] == [f"http://testserver{author.url}"]
    assert og["article:section"] == ["Community"]
    assert sorted(og["article:tag"]) == ["Culture", "Libraries"]
    assert og["og:image"][0].startswith("http://testserver/media/images/")
    assert og["og:image:width"] == ["1200"] and og["og:image:height"] == ["675"]
    assert og["og:image:alt"] == ["Fishing boats moored in the harbour at dawn"]
    meta = data["meta"]
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == og["og:image"][0]
    assert meta["description"] == og["og:description"][0]


def test_article_without_picture_or_author_still_describes_itself(client, plain_article):
    data = extract(client, plain_article.url)
    news = json_ld(data, "NewsArticle")
    assert "image" not in news
    assert news["author"][0]["@type"] == "Organization"
    assert data["meta"]["twitter:card"] == "summary"
    assert "og:image" not in open_graph(data)


def test_home_page_declares_the_website_and_its_search(client, home):
    data = extract(client, "/")
    website = json_ld(data, "WebSite")
    assert website["url"] == "http://testserver/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert open_graph(data)["og:type"] == ["website"]
    assert data["canonical"] == ["http://testserver/"]


def test_author_page_is_a_person_without_email(client, home, picture):
    writer = add_author(
        "Lev Petrov",
        role="Columnist",
        bio="<p>Writes about <b>trains</b>.</p>",
        photo=picture,
        email="lev.private@example.org",
    )
    data = extract(client, writer.url)
    person = json_ld(data, "Person")
    assert person["name"] == "Lev Petrov"
    assert person["url"] == f"http://testserver{writer.url}"
    assert person["jobTitle"] == "Columnist"
    assert person["description"] == "Writes about trains."
    assert person["image"].startswith("http://testserver/media/images/")
    assert "email" not in person
    assert "lev.private@example.org" not in data["html"]
    assert open_graph(data)["og:type"] == ["profile"]


def test_section_tag_and_listing_pages(client, article, section):
    for number in range(25):
        add_article(section, f"Filler {number}", paragraphs=["x"])
    section_data = extract(client, "/community/")
    assert section_data["canonical"] == ["http://testserver/community/"]
    assert json_ld(section_data, "BreadcrumbList")["itemListElement"][-1]["name"] == "Community"
    assert extract(client, "/community/?page=2")["canonical"] == [
        "http://testserver/community/?page=2"
    ]
    tag_data = extract(client, "/tags/libraries/")
    assert tag_data["canonical"] == ["http://testserver/tags/libraries/"]
    crumbs = json_ld(tag_data, "BreadcrumbList")["itemListElement"]
    assert [c["name"] for c in crumbs] == ["The Test Gazette", "Tags", "Libraries"]
    assert open_graph(tag_data)["og:title"] == ["Libraries"]


def test_not_found_page_still_renders_with_no_canonical(client, home):
    data = extract(client, "/no-such-story/")
    assert data["canonical"] == []
    assert data["json-ld"] == []


ATTACK = '</script><script>alert("x")</script> & “quotes” 🎉 עברית'


def test_odd_headlines_cannot_break_out_of_structured_data(client, section):
    story = add_article(
        section,
        ATTACK,
        body=[("paragraph", RichText("<p>Body &amp; more.</p>"))],
        excerpt="Excerpt with </script> inside",
    )
    data = extract(client, story.url)
    news = json_ld(data, "NewsArticle")
    assert news["headline"] == ATTACK
    assert news["description"] == "Excerpt with </script> inside"
    assert '<script>alert("x")' not in data["html"]
    assert open_graph(data)["og:title"] == [ATTACK]


def test_long_headline_is_cut_for_structured_data(client, section):
    story = add_article(section, "Word " * 40, paragraphs=["x"])
    news = json_ld(extract(client, story.url), "NewsArticle")
    assert len(news["headline"]) <= 110


def test_publisher_logo_is_a_600_by_60_png(client, home):
    import io

    from PIL import Image

    response = client.get("/publisher-logo.png")
    assert response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size == (600, 60)
