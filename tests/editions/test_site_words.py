"""The site's own words in the reader's language: templates, forms, dates (issue 17 item 4).

An Armenian story page (``/hy/…``) shows Masthead's words from the Armenian
catalogue and its date with an Armenian month; the English page is byte for
byte what it always was. The catalogues themselves are checked too: every
entry translated, none fuzzy, and the committed ``.mo`` files saying exactly
what the ``.po`` files say (a fresh machine may have no ``msgfmt``).
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation
from edition_newsroom import EN_TITLE, HY_TITLE, parse

import masthead
from masthead.comments.templatetags.comments_tags import comment_count_link

LOCALE = Path(masthead.__file__).parent / "locale"
LANGUAGES = ["hy", "ru"]
HY_MONTHS = [
    "հունվարի",
    "փետրվարի",
    "մարտի",
    "ապրիլի",
    "մայիսի",
    "հունիսի",
    "հուլիսի",
    "օգոստոսի",
    "սեպտեմբերի",
    "հոկտեմբերի",
    "նոյեմբերի",
    "դեկտեմբերի",
]
EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@pytest.fixture
def newsletter(db):
    from masthead.newsletters.models import Cadence, NewsletterList

    return NewsletterList.objects.create(
        name="Daily headlines", slug="daily-headlines", cadence=Cadence.DAILY, send_hour=7
    )


def text_of(page, xpath: str) -> str:
    nodes = page.xpath(xpath)
    assert nodes, xpath
    return " ".join(nodes[0].text_content().split())


def test_an_armenian_story_speaks_armenian(client, story_pair, newsletter):  # noqa: F811
    _english, armenian = story_pair
    page = parse(client.get(armenian.url))
    assert page.get("lang") == "hy"
    assert page.get("dir") is None  # Armenian is written left to right
    assert text_of(page, "//h1") == HY_TITLE
    assert text_of(page, "//*[@id='reply-title-text']") == "Թողնել մեկնաբանություն"
    assert text_of(page, "//*[@id='email-notes']") == "Ձեր էլ. հասցեն չի հրապարակվի։"
    assert "Պարտադիր դաշտերը" in text_of(page, "//p[@class='comment-notes']")
    assert text_of(page, "//button[@class='comment-form__submit']") == "Ուղարկել մեկնաբանությունը"
    assert text_of(page, "//label[@for='id_comment']").startswith("Մեկնաբանություն")
    assert text_of(page, "//*[@id='newsletter-signup-title']") == (
        "Բաժանորդագրվեք մեր տեղեկագրերին"
    )
    assert text_of(page, "//p[@class='newsletter-signup__lede']") == (
        "Ստացեք վերջին նորությունները անմիջապես ձեր էլ. փոստին։"
    )
    date = text_of(page, "//p[contains(@class,'article__dates')]/time")
    month, day, year = re.fullmatch(r"(\S+) (\d{1,2}), (\d{4})", date).groups()
    assert month in HY_MONTHS
    assert int(day) == armenian.first_published_at.day
    assert int(year) == armenian.first_published_at.year
    body = page.xpath("//body")[0].text_content()
    for english in ("Leave a Reply", "Get notified", "Post Comment", "Skip to content"):
        assert english not in body


def test_the_english_story_is_unchanged(client, story_pair, newsletter):  # noqa: F811
    english, _armenian = story_pair
    page = parse(client.get(english.url))
    assert page.get("lang") == "en"
    assert text_of(page, "//h1") == EN_TITLE
    assert text_of(page, "//*[@id='reply-title-text']") == "Leave a Reply"
    assert text_of(page, "//p[@class='comment-notes']") == (
        "Your email address will not be published. Required fields are marked *"
    )
    assert text_of(page, "//p[@class='newsletter-signup__lede']") == (
        "Get notified of the latest updates, straight to your inbox."
    )
    published = english.first_published_at
    assert text_of(page, "//p[contains(@class,'article__dates')]/time") == (
        f"{EN_MONTHS[published.month - 1]} {published.day}, {published.year}"
    )
    assert text_of(page, "//p[contains(@class,'also-in')]").startswith("Also in ")


def test_counts_take_each_languages_plural_forms(rf, monkeypatch):
    """1 комментарий, 3 комментария, 5 комментариев; digits grouped as the language groups them."""
    shown = {"count": 0}
    monkeypatch.setattr(
        "masthead.comments.templatetags.comments_tags.approved_count",
        lambda request, article: shown["count"],
    )
    expected = {
        "en": {1: "1 comment", 3: "3 comments", 12345: "12,345 comments"},
        "ru": {1: "1 комментарий", 3: "3 комментария", 5: "5 комментариев", 21: "21 комментарий"},
        "hy": {1: "1 մեկնաբանություն", 3: "3 մեկնաբանություն", 12345: "12\xa0345 մեկնաբանություն"},
    }
    for language, cases in expected.items():
        with translation.override(language):
            for count, label in cases.items():
                shown["count"] = count
                assert comment_count_link({"request": None}, None) == (
                    f' · <a href="#comments">{label}</a>'
                )


def test_dates_follow_each_language():
    from datetime import date

    from django.template import Context, Template

    template = Template('{{ day|date:"DATE_FORMAT" }}')
    day = date(2026, 12, 7)
    for language, text in (
        ("en", "December 7, 2026"),
        ("en-us", "December 7, 2026"),
        ("hy", "դեկտեմբերի 7, 2026"),
        ("ru", "7 декабря 2026"),
    ):
        with translation.override(language):
            assert template.render(Context({"day": day})) == text


def read_po(path: Path) -> tuple[dict, list[str]]:
    """The entries of a .po file as gettext's catalogue keys them, and the fuzzy msgids.

    Keys: ``msgid`` or ``context\\x04msgid``; plural entries give ``(key, n)``
    for each form. The header (msgid "") is left out.
    """
    entries: dict = {}
    fuzzy: list[str] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        flags = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += line
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] += ast.literal_eval(line)
            elif line.strip():
                current, _, value = line.partition(" ")
                fields[current] = ast.literal_eval(value)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        key = fields["msgid"]
        if "msgctxt" in fields:
            key = f"{fields['msgctxt']}\x04{key}"
        if "fuzzy" in flags:
            fuzzy.append(key)
        if "msgid_plural" in fields:
            forms = sorted(name for name in fields if name.startswith("msgstr["))
            for name in forms:
                entries[(key, int(name[7:-1]))] = fields[name]
        else:
            entries[key] = fields["msgstr"]
    return entries, fuzzy


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_is_translated(language):
    entries, fuzzy = read_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    assert not fuzzy
    assert [key for key, text in entries.items() if not text.strip()] == []
    plural_forms = {key[0] for key in entries if isinstance(key, tuple)}
    forms = 3 if language == "ru" else 2
    for key in plural_forms:
        assert [(key, n) in entries for n in range(forms)] == [True] * forms, key


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    """The committed .mo says what the .po says: run compilemessages after editing a .po."""
    folder = LOCALE / language / "LC_MESSAGES"
    entries, _fuzzy = read_po(folder / "django.po")
    with open(folder / "django.mo", "rb") as compiled:
        catalogue = dict(gettext.GNUTranslations(compiled)._catalog)
    catalogue.pop("", None)  # the header
    assert catalogue == entries
