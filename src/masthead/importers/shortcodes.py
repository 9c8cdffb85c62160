"""WordPress shortcodes: ``[caption]``, ``[gallery]``, ``[embed]``, ``[audio]``, ``[video]``,
and the footnote plugins' (``[efn_note]``, ``[ref]``, ``[footnote]``…).

:func:`split_shortcodes` cuts a body into plain text and the shortcodes the
importer knows how to convert. Any other shortcode (``[contact-form-7 …]``,
``[adsense]``) stays in the text exactly as written, so that readers and
editors can see something was there, and its name is counted for the report.
``[[name]]`` is WordPress's way of writing a literal ``[name]``; it is unescaped
and not counted.
"""

import re
from dataclasses import dataclass, field

# The footnote plugins' shortcodes, each enclosing its note: Easy Footnotes
# (``[efn_note]``), Simple Footnotes (``[ref]``), Modern Footnotes (``[mfn]``),
# Inline Footnotes (``[fn]``) and the generic ``[footnote]``.
FOOTNOTE_SHORTCODES = frozenset({"efn_note", "ref", "mfn", "fn", "footnote"})
CONVERTED_SHORTCODES = (
    frozenset({"caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist"})
    | FOOTNOTE_SHORTCODES
)
# ``[audio]`` and ``[video]`` may enclose a fallback link; a lone one encloses nothing.
ENCLOSING_SHORTCODES = (
    frozenset({"caption", "wp_caption", "embed", "audio", "video"}) | FOOTNOTE_SHORTCODES
)

_OPENING = re.compile(
    r"""\[(?P<escape>\[?)(?P<name>[a-z][a-z0-9_-]*)(?![\w-])
        (?P<attrs>(?:[^\]"'\[]|"[^"]*"|'[^']*')*?)
        (?P<selfclose>/?)\](?P<escape_end>\]?)""",
    re.VERBOSE,
)
_ATTRIBUTE = re.compile(
    r"""(?P<key>[\w-]+)\s*=\s*"(?P<dq>[^"]*)"
      | (?P<key2>[\w-]+)\s*=\s*'(?P<sq>[^']*)'
      | (?P<key3>[\w-]+)\s*=\s*(?P<bare>[^\s'"]+)
      | "(?P<pos_dq>[^"]*)"
      | (?P<pos>[^\s'"]+)""",
    re.VERBOSE,
)


@dataclass
class Shortcode:
    name: str
    attrs: dict[str, str] = field(default_factory=dict)
    content: str = ""


def parse_attributes(text: str) -> dict[str, str]:
    """Named attributes by lower-cased name; positional ones as ``"0"``, ``"1"``…"""
    attrs: dict[str, str] = {}
    position = 0
    for match in _ATTRIBUTE.finditer(text):
        key = match.group("key") or match.group("key2") or match.group("key3")
        if key:
            value = match.group("dq")
            if value is None:
                value = match.group("sq")
            if value is None:
                value = match.group("bare")
            attrs[key.lower()] = value or ""
        else:
            value = match.group("pos_dq")
            attrs[str(position)] = value if value is not None else match.group("pos") or ""
            position += 1
    return attrs


def split_shortcodes(text: str) -> tuple[list[str | Shortcode], list[str]]:
    """``(segments, unknown_names)``: text and convertible shortcodes in order, and the others."""
    segments: list[str | Shortcode] = []
    unknown: list[str] = []
    buffer: list[str] = []
    cursor = 0
    while True:
        match = _OPENING.search(text, cursor)
        if match is None:
            buffer.append(text[cursor:])
            break
        name = match.group("name")
        buffer.append(text[cursor : match.start()])
        if match.group("escape") and match.group("escape_end"):
            buffer.append(match.group(0)[1:-1])
            cursor = match.end()
            continue
        if name not in CONVERTED_SHORTCODES:
            unknown.append(name)
            buffer.append(match.group(0))
            cursor = match.end()
            continue
        shortcode = Shortcode(name=name, attrs=parse_attributes(match.group("attrs")))
        cursor = match.end()
        if name in ENCLOSING_SHORTCODES and not match.group("selfclose"):
            closing = f"[/{name}]"
            close_at = text.find(closing, cursor)
            if close_at >= 0:
                shortcode.content = text[cursor:close_at]
                cursor = close_at + len(closing)
        if buffer:
            segments.append("".join(buffer))
            buffer = []
        segments.append(shortcode)
    if buffer and "".join(buffer):
        segments.append("".join(buffer))
    return [s for s in segments if s != ""], unknown
