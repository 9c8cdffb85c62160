import pytest

from masthead.news.authoring import add_article, add_author


@pytest.fixture
def author(home):
    return add_author("Anahit Petrosyan", role="Staff writer")


@pytest.fixture
def article(section, author):
    return add_article(
        section,
        "Library reopens after two-year renovation",
        paragraphs=[
            "The central library reopened its doors on Saturday after a renovation that "
            "doubled its reading rooms, the city's cultural office said.",
            "Volunteers carried the last boxes of books across the square in the morning.",
        ],
        authors=[author],
        tags=["Libraries", "Culture"],
        dateline_place="Stockholm",
        source_signoff="THE TEST GAZETTE",
        standfirst="A reading room for every district.",
    )
