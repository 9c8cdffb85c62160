"""The demo's editions in other languages, planned from ``content/editions.json``.

``masthead demo --languages en,hy`` adds an Armenian edition to the English
newsroom. Its stories are real, openly licensed text (``content/README.md``
names each one's origin and licence), not templates: an invented story would
tell a reader of the language only that it is invented. A text that exists in
both languages (the UDHR's Article 1) becomes a story in the default edition
and its translation in the other, linked as the admin's "Translate" links them.
"""

from .content_files import read_content
from .stories import Block, Story

CONTENT = "editions.json"


def demo_languages() -> list[str]:
    """The languages the demo has an edition's stories for, besides the default English."""
    return [code for code in read_content(CONTENT) if not code.startswith("_")]


def section_titles(language: str) -> dict[str, str]:
    """The edition's title for each demo section, by section key."""
    return dict(read_content(CONTENT)[language]["sections"])


def _story(data: dict, section: str, translation_of: str = "") -> Story:
    return Story(
        section=section,
        headline=data["headline"],
        standfirst=data.get("standfirst", ""),
        blocks=tuple(Block("paragraph", text) for text in data["paragraphs"]),
        tags=tuple(data["tags"]),
        dateline_place=data.get("dateline_place", ""),
        source_signoff=data["source_signoff"],
        translation_of=translation_of,
    )


def edition_stories(language: str) -> list[Story]:
    """The edition's own stories, then its translations of default-edition stories.

    A translation's ``translation_of`` is the headline of the story it translates.
    """
    content = read_content(CONTENT)[language]
    stories = [_story(data, data["section"]) for data in content["stories"]]
    for pair in content["translations"]:
        headline = pair["default"]["headline"]
        stories.append(_story(pair["translation"], pair["section"], translation_of=headline))
    return stories


def translated_originals(languages: list[str]) -> list[Story]:
    """The default edition's stories that ``languages``' editions have translations of."""
    originals: dict[str, Story] = {}
    for language in languages:
        for pair in read_content(CONTENT)[language]["translations"]:
            story = _story(pair["default"], pair["section"])
            originals.setdefault(story.headline, story)
    return list(originals.values())
