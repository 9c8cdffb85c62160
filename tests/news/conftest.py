import pytest
from story_factory import TAGS, library_story, staff_writer


@pytest.fixture
def author(home):
    return staff_writer()


@pytest.fixture
def article(section, author):
    return library_story(
        section,
        author,
        tags=TAGS,
        dateline_place="Stockholm",
        source_signoff="THE TEST GAZETTE",
        standfirst="A reading room for every district.",
    )
