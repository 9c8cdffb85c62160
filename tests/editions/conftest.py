"""Fixtures of the editions tests: English and Armenian editions of the test newsroom."""

import types

import pytest
from edition_newsroom import (
    EN_TEXT,
    EN_TITLE,
    HY_TEXT,
    HY_TITLE,
    published_translation,
    turn_editions_on,
)
from wagtail.models import Locale

from masthead.news.authoring import add_article
from masthead.news.editions import ensure_edition_homes


@pytest.fixture
def editions(settings, home, section):
    """English and Armenian editions; the English one is the site's existing tree."""
    turn_editions_on(settings)
    ensure_edition_homes()
    hy = Locale.objects.get(language_code="hy")
    hy_home = home.get_translation(hy)
    hy_section = section.copy_for_translation(hy)
    hy_section.title = "Համայնք"
    hy_section.save_revision().publish()
    return types.SimpleNamespace(home=home, section=section, hy=hy, hy_home=hy_home)


@pytest.fixture
def story_pair(editions, picture):
    english = add_article(
        editions.section,
        EN_TITLE,
        paragraphs=[EN_TEXT],
        tags=["Rights"],
        featured_image=picture,
        standfirst="Article 1",
    )
    armenian = published_translation(english, editions.hy, HY_TITLE, HY_TEXT)
    return english, armenian


# A newsroom with stories in both editions: one translated, one of each edition alone.
HY_LIBRARY_TITLE = "Գրադարանը կրկին բացվեց"
HY_LIBRARY_TEXT = "Ուրբաթ օրը Երևանի կենտրոնական գրադարանը կրկին բացեց իր դռները։"
HY_MUSEUM_TITLE = "Գյումրիում նոր թանգարան է բացվել"
HY_MUSEUM_TEXT = "Գյումրի քաղաքում այսօր բացվեց արվեստի նոր թանգարան։"
EN_FERRY_TITLE = "Ferry timetable changes for the winter"
EN_FERRY_TEXT = "The harbour ferry will sail every forty minutes from Monday, the port said."


@pytest.fixture
def newsroom(editions):
    """Two stories in each edition, tagged and signed alike; the library story is translated.

    Every story has the tag "Culture" and the same writer, so a list that
    ignores the edition shows the other language's stories.
    """
    from story_factory import library_story, staff_writer

    writer = staff_writer()
    hy_section = editions.section.get_translation(editions.hy)
    library = library_story(editions.section, writer, tags=["Libraries", "Culture"])
    ferry = add_article(
        editions.section,
        EN_FERRY_TITLE,
        paragraphs=[EN_FERRY_TEXT],
        authors=[writer],
        tags=["Culture", "Harbour"],
    )
    hy_library = published_translation(library, editions.hy, HY_LIBRARY_TITLE, HY_LIBRARY_TEXT)
    museum = add_article(
        hy_section,
        HY_MUSEUM_TITLE,
        paragraphs=[HY_MUSEUM_TEXT],
        authors=[writer],
        tags=["Culture", "Museums"],
    )
    return types.SimpleNamespace(
        **vars(editions),
        writer=writer,
        hy_section=hy_section,
        english=[library, ferry],
        armenian=[hy_library, museum],
    )
