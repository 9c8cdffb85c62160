"""A multilingual WordPress export (Polylang) imported into the site's editions.

Each post goes into its language's edition, under the section made from its
category in that edition, and the posts Polylang links as translations are
linked in Masthead too ("Also in …", hreflang). A plain export goes into the
default edition, and a one-language site takes a Polylang export whole.

The French-English export is real: Polylang's own import test data
(``tests/importers/fixtures/wxr/polylang-test-import.xml``, origin and licence
in that folder's README). The Armenian one is written here in the same form,
with the Universal Declaration's Article 1 as text (see ``edition_newsroom``).
"""

from pathlib import Path

import pytest
from edition_newsroom import (
    EN_TEXT,
    EN_TITLE,
    HY_TEXT,
    HY_TITLE,
    parse,
    turn_editions_on,
)
from wagtail.models import Locale

from masthead.importers.importer import import_wordpress
from masthead.news.editions import published_translations
from masthead.news.models import ArticlePage, SectionPage, StandardPage

pytestmark = pytest.mark.django_db

POLYLANG_EXPORT = (
    Path(__file__).parents[1] / "importers" / "fixtures" / "wxr" / "polylang-test-import.xml"
)
HARBOUR_EXPORT = Path(__file__).parents[1] / "importers" / "fixtures" / "harbour-courier.xml"
RU_TITLE = "Всеобщая декларация прав человека"


def changes(report) -> dict[str, dict[str, int]]:
    """What a run created or updated, by kind (empty: the run changed nothing)."""
    return {
        kind: {o: n for o, n in tally.outcomes.items() if o in ("created", "updated") and n}
        for kind, tally in report.tallies.items()
        if any(tally.outcomes.get(o) for o in ("created", "updated"))
    }


def turn_french_on(settings) -> None:
    turn_editions_on(settings, [("en", "English"), ("fr", "Français")])


def article(title: str, code: str) -> ArticlePage:
    return ArticlePage.objects.get(title=title, locale__language_code=code)


def test_a_polylang_export_goes_into_each_edition_with_translations_linked(settings, home, client):
    turn_french_on(settings)
    report = import_wordpress(POLYLANG_EXPORT)
    assert not report.error
    essai, test = article("Essai", "fr"), article("Test", "en")
    assert essai.url.startswith("/fr/essai/")
    assert test.url.startswith("/test/")
    section = essai.get_parent().specific
    assert (section.title, section.locale.language_code) == ("Essai", "fr")
    # Polylang's term_translations links the French category to the English one.
    assert section.translation_key == SectionPage.objects.get(title="Test").translation_key
    assert [t.page.pk for t in published_translations(essai)] == [test.pk]
    assert [t.page.pk for t in published_translations(test)] == [essai.pk]
    # Pages too, and the pair whose second post repeats the first's GUID.
    accueil = StandardPage.objects.get(title="Accueil")
    assert accueil.locale.language_code == "fr" and accueil.url.startswith("/fr/")
    assert [t.page.title for t in published_translations(accueil)] == ["Home"]
    synchronised = ArticlePage.objects.filter(title="Synchronized post")
    assert {page.translation_key for page in synchronised} == {synchronised[0].translation_key}
    assert sorted(p.locale.language_code for p in synchronised) == ["en", "fr"]

    page = parse(client.get(essai.url))
    assert page.get("lang") == "fr"
    alternates = {link.get("hreflang") for link in page.xpath("//link[@rel='alternate']")}
    assert {"en", "fr"} <= alternates
    assert any("Essai" in note or "Français" in note for note in report.notes)

    again = import_wordpress(POLYLANG_EXPORT)
    assert changes(again) == {}


ARMENIAN_EXPORT = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Gazette</title><link>https://gazette.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://gazette.example</wp:base_site_url>
<wp:base_blog_url>https://gazette.example</wp:base_blog_url>
<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>rights</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name>Rights</wp:cat_name></wp:category>
<wp:category><wp:term_id>5</wp:term_id><wp:category_nicename>iravunk</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name>Իրավունք</wp:cat_name></wp:category>
<wp:term><wp:term_id>7</wp:term_id><wp:term_taxonomy>language</wp:term_taxonomy>
<wp:term_slug>en</wp:term_slug><wp:term_name>English</wp:term_name>
<wp:term_description><![CDATA[a:3:{s:6:"locale";s:5:"en_US";s:3:"rtl";i:0;s:9:"flag_code";s:2:"us";}]]></wp:term_description></wp:term>
<wp:term><wp:term_id>8</wp:term_id><wp:term_taxonomy>language</wp:term_taxonomy>
<wp:term_slug>hy</wp:term_slug><wp:term_name>Հայերեն</wp:term_name>
<wp:term_description><![CDATA[a:3:{s:6:"locale";s:2:"hy";s:3:"rtl";i:0;s:9:"flag_code";s:2:"am";}]]></wp:term_description></wp:term>
<wp:term><wp:term_id>9</wp:term_id><wp:term_taxonomy>language</wp:term_taxonomy>
<wp:term_slug>ru</wp:term_slug><wp:term_name>Русский</wp:term_name>
<wp:term_description><![CDATA[a:3:{s:6:"locale";s:5:"ru_RU";s:3:"rtl";i:0;s:9:"flag_code";s:2:"ru";}]]></wp:term_description></wp:term>
<wp:term><wp:term_id>10</wp:term_id><wp:term_taxonomy>term_translations</wp:term_taxonomy>
<wp:term_slug>pll_t1</wp:term_slug><wp:term_name>pll_t1</wp:term_name>
<wp:term_description><![CDATA[a:2:{s:2:"en";i:4;s:2:"hy";i:5;}]]></wp:term_description></wp:term>
<wp:term><wp:term_id>11</wp:term_id><wp:term_taxonomy>post_translations</wp:term_taxonomy>
<wp:term_slug>pll_p1</wp:term_slug><wp:term_name>pll_p1</wp:term_name>
<wp:term_description><![CDATA[a:3:{s:2:"hy";i:21;s:2:"en";i:20;s:2:"ru";i:22;}]]></wp:term_description></wp:term>
<wp:term><wp:term_id>12</wp:term_id><wp:term_taxonomy>post_translations</wp:term_taxonomy>
<wp:term_slug>pll_broken</wp:term_slug><wp:term_name>pll_broken</wp:term_name>
<wp:term_description><![CDATA[a:2:{s:2:"en";i:30;]]></wp:term_description></wp:term>
{items}
</channel></rss>
"""


def polylang_item(wp_id, title, text, slug, language, group, category, category_name) -> str:
    return f"""<item><title><![CDATA[{title}]]></title>
<link>https://gazette.example/{language}/{slug}/</link><dc:creator></dc:creator>
<guid isPermaLink="false">https://gazette.example/?p={wp_id}</guid>
<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded><excerpt:encoded></excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id><wp:post_date>2024-04-01 10:00:00</wp:post_date>
<wp:post_date_gmt>2024-04-01 08:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name>
<wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent>
<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="{category}"><![CDATA[{category_name}]]></category>
<category domain="language" nicename="{language}"><![CDATA[{language}]]></category>
<category domain="post_translations" nicename="{group}"><![CDATA[{group}]]></category>
</item>"""


@pytest.fixture
def armenian_export(tmp_path) -> Path:
    items = [
        # The Armenian version first: its English section does not exist yet.
        polylang_item(21, HY_TITLE, HY_TEXT, "hrchakagir", "hy", "pll_p1", "iravunk", "Իրավունք"),
        polylang_item(20, EN_TITLE, EN_TEXT, "declaration", "en", "pll_p1", "rights", "Rights"),
        polylang_item(
            22,
            RU_TITLE,
            "Все люди рождаются свободными.",
            "deklaratsiya",
            "ru",
            "pll_p1",
            "rights",
            "Rights",
        ),
        polylang_item(
            30, "Broken group", "Words.", "broken", "en", "pll_broken", "rights", "Rights"
        ),
    ]
    path = tmp_path / "armenian.xml"
    path.write_text(ARMENIAN_EXPORT.replace("{items}", "\n".join(items)), encoding="utf-8")
    return path


def test_an_armenian_post_lands_in_the_armenian_edition_linked_to_its_english_original(
    settings, home, client, armenian_export
):
    turn_editions_on(settings)
    report = import_wordpress(armenian_export)
    armenian, english = article(HY_TITLE, "hy"), article(EN_TITLE, "en")
    assert armenian.url == "/hy/iravunk/hrchakagir/"
    section = armenian.get_parent().specific
    assert (section.title, section.locale) == ("Իրավունք", Locale.objects.get(language_code="hy"))
    assert section.translation_key == SectionPage.objects.get(title="Rights").translation_key
    assert [(t.language, t.page.pk) for t in published_translations(armenian)] == [
        ("en", english.pk)
    ]
    assert [t.name for t in published_translations(english)] == ["Հայերեն"]
    page = parse(client.get(english.url))
    also_in = page.xpath("//a[@hreflang='hy']/@href")
    assert armenian.url in also_in

    # Russian is not an edition here: the post is in the default one, unlinked, and said so.
    russian = article(RU_TITLE, "en")
    assert russian.translation_key != english.translation_key
    repairs = " ".join(report.repairs)
    assert "Русский (ru), which is not an edition of this site" in repairs
    assert "imported unlinked" in repairs
    assert any("No edition for Русский (ru)" in note for note in report.notes)
    # A group whose member list is malformed is reported; its post imports all the same.
    assert "could not be read" in repairs
    assert article("Broken group", "en")

    again = import_wordpress(armenian_export)
    assert changes(again) == {}


def test_a_plain_export_imports_into_the_default_edition(settings, home):
    turn_editions_on(settings)
    report = import_wordpress(HARBOUR_EXPORT)
    assert report.outcome("posts", "created")
    assert set(ArticlePage.objects.values_list("locale__language_code", flat=True)) == {"en"}
    assert not [note for note in report.notes if "multilingual" in note]


def test_a_one_language_site_takes_a_polylang_export_whole(home):
    report = import_wordpress(POLYLANG_EXPORT)
    assert not report.error
    assert report.outcome("posts", "created") == 4
    assert report.outcome("pages", "created") == 2
    assert "skipped" not in report.tallies["posts"].outcomes
    assert ArticlePage.objects.get(title="Essai").get_parent().title == "Essai"
    notes = " ".join(report.notes)
    assert "English (en): 3" in notes and "Français (fr): 3" in notes
    assert "This site has one language" in notes
    assert changes(import_wordpress(POLYLANG_EXPORT)) == {}


def test_posts_move_to_an_edition_added_after_the_import(settings, home, armenian_export):
    turn_editions_on(settings)
    import_wordpress(armenian_export)
    turn_editions_on(settings, [("en", "English"), ("hy", "Հայերեն"), ("ru", "Русский")])
    report = import_wordpress(armenian_export)
    russian, english = article(RU_TITLE, "ru"), article(EN_TITLE, "en")
    assert russian.url == "/ru/rights/deklaratsiya/"
    assert russian.translation_key == english.translation_key
    assert [t.language for t in published_translations(english)] == ["hy", "ru"]
    assert report.outcome("posts", "updated") == 1
    assert changes(import_wordpress(armenian_export)) == {}
