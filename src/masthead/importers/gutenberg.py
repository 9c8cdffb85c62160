"""Gutenberg's block comments (``<!-- wp:image {"id":12} -->…<!-- /wp:image -->``) as a tree.

The block editor saves ordinary HTML framed by comments that name each block
and carry its settings as JSON. The importer reads the names and settings (an
image's attachment ID, an embed's URL) from the comments and the content from
the HTML between them. Text outside any block is "freeform": classic-editor
HTML, converted the classic way.
"""

import json
import re
from dataclasses import dataclass, field

_DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)"
    r"\s+(?P<attrs>\{.*?\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)


@dataclass
class Block:
    name: str
    attrs: dict = field(default_factory=dict)
    parts: list["str | Block"] = field(default_factory=list)

    @property
    def children(self) -> list["Block"]:
        return [part for part in self.parts if isinstance(part, Block)]

    def html(self) -> str:
        """The block's HTML with its inner blocks' HTML in place, delimiters removed."""
        return "".join(part if isinstance(part, str) else part.html() for part in self.parts)

    def own_html(self) -> str:
        """Only the HTML this block wraps around its inner blocks."""
        return "".join(part for part in self.parts if isinstance(part, str))


def has_blocks(content: str) -> bool:
    return "<!-- wp:" in content


def _attributes(raw: str | None) -> dict:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def parse_blocks(content: str) -> list[str | Block]:
    """Top-level freeform strings and blocks, in order; unbalanced comments are tolerated."""
    root: list[str | Block] = []
    stack: list[Block] = []

    def append(part: "str | Block") -> None:
        (stack[-1].parts if stack else root).append(part)

    cursor = 0
    for match in _DELIMITER.finditer(content):
        if match.start() > cursor:
            append(content[cursor : match.start()])
        cursor = match.end()
        name = (match.group("namespace") or "core/") + match.group("name")
        if match.group("closer"):
            # Close up to the matching opener; a closer with none is ignored.
            for position in range(len(stack) - 1, -1, -1):
                if stack[position].name == name:
                    del stack[position:]
                    break
            continue
        block = Block(name=name, attrs=_attributes(match.group("attrs")))
        append(block)
        if not match.group("void"):
            stack.append(block)
    if cursor < len(content):
        append(content[cursor:])
    return root
