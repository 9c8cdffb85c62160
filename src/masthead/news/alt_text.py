"""Every picture a reader sees gets a text alternative before the story goes out.

A writer may save a draft with pictures still undescribed, but not submit it
for review or publish it: a story read aloud by a screen reader would
otherwise announce "image" or a camera's file name. A picture that adds
nothing to the text can be marked decorative instead, and is then skipped by
screen readers (an empty ``alt``).
"""

from collections.abc import Iterable, Mapping

from .blocks import FigureBlock


def figure_alt_text(figure: Mapping) -> str:
    """What a reader's screen reader says for a body picture ("" when decorative)."""
    if figure.get("decorative"):
        return ""
    image = figure.get("image")
    own = (figure.get("alt_text") or "").strip()
    return own or ((image.description or "").strip() if image is not None else "")


def undescribed_figures(body: Iterable) -> list[str]:
    """The titles of the body's pictures that have no alt text and are not decorative."""
    missing = []
    for block in body:
        if not isinstance(block.block, FigureBlock):
            continue
        figure = block.value
        image = figure.get("image")
        if image is not None and not figure.get("decorative") and not figure_alt_text(figure):
            missing.append(image.title)
    return missing
