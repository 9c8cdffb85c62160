"""Two demo stories written in the languages of Eastmere's communities.

Many diaspora papers publish in more than one language. One story in Armenian and
one in Russian show how Masthead handles other scripts: the headlines keep their
letters, the datelines are set in capitals, and the URLs are transliterated to
ASCII (see :mod:`masthead.news.slugs`). Both texts were written for Masthead and
live in ``content/other_scripts.json``; ``{person}`` in them is the one invented
person each story quotes, named in the story's own script.
"""

from collections.abc import Callable
from functools import partial

from .content_files import read_content
from .stories import Block, Story
from .vocabulary import PeopleFactory

PERSON = "{person}"


def story_from_data(data: dict, people: PeopleFactory) -> Story:
    """One entry of ``content/other_scripts.json``, its person invented from ``people``."""
    person = people.native(data["person"]["locale"], female=data["person"]["female"])

    def filled(text: str) -> str:
        return text.replace(PERSON, person)

    return Story(
        section=data["section"],
        headline=data["headline"],
        standfirst=data["standfirst"],
        blocks=tuple(Block(*(filled(part) for part in block)) for block in data["blocks"]),
        tags=tuple(data["tags"]),
        dateline_place=data["dateline_place"],
        featured_caption=data["featured_caption"],
    )


STORIES_IN_OTHER_SCRIPTS: tuple[Callable[[PeopleFactory], Story], ...] = tuple(
    partial(story_from_data, data) for data in read_content("other_scripts.json")
)
