"""Footnotes whose links still land after an editor saves the story.

An imported story's notes link both ways: the reference ``[1]`` goes to the
note (``#footnote-1``) and the note goes back to the text
(``#footnote-ref-1``). Wagtail's rich-text editor keeps links but drops every
``id``, so once a story is edited in the admin both links point at nothing.
The links themselves say which element each id belongs to, so the ids are put
back on every save: the first reference to a note, and the list item that
links back to it.
"""

import re

_ANCHORED_REFERENCE = re.compile(r'id="footnote-ref-(\d+)"')
_ANCHORED_NOTE = re.compile(r'id="footnote-(\d+)"')
_BARE_REFERENCE = re.compile(r'<a href="#footnote-(\d+)">')
_NOTE_ITEM = re.compile(r"<li(?P<attrs>[^>]*)>(?P<inner>(?:(?!</?li\b).)*)</li>", re.DOTALL)
_BACK_LINK = re.compile(r'href="#footnote-ref-(\d+)"')


def anchor_footnotes(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` (one story's rich-text HTML, in order) with the footnotes' ids restored.

    Only ids that are missing are added, each once in the story, so a story
    fresh from the importer comes out unchanged and ids never repeat.
    """
    joined = "\n".join(paragraphs)
    references = set(_ANCHORED_REFERENCE.findall(joined))
    notes = set(_ANCHORED_NOTE.findall(joined))

    def reference(match: re.Match) -> str:
        number = match.group(1)
        if number in references:
            return match.group(0)
        references.add(number)
        return f'<a href="#footnote-{number}" id="footnote-ref-{number}">'

    def note(match: re.Match) -> str:
        back = _BACK_LINK.search(match.group("inner"))
        if back is None or back.group(1) in notes or "id=" in match.group("attrs"):
            return match.group(0)
        number = back.group(1)
        notes.add(number)
        return f'<li{match.group("attrs")} id="footnote-{number}">{match.group("inner")}</li>'

    return [_NOTE_ITEM.sub(note, _BARE_REFERENCE.sub(reference, html)) for html in paragraphs]
