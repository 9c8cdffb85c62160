"""A forgiving HTML tree, just enough to cut a post body into blocks.

WordPress bodies are hand-edited HTML with unclosed paragraphs and stray end
tags. The standard library's tokenizer reads them; this module assembles the
tokens into a small tree, closing elements the way browsers do where it
matters for splitting (a new block closes an open ``<p>``, a new ``<li>`` closes
the previous one). Nothing here decides what is safe: the text that leaves the
importer is sanitised by ``nh3`` (see :mod:`masthead.importers.body`).
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)
# Elements whose start closes an open <p>, as in the HTML parsing rules.
CLOSES_PARAGRAPH = frozenset(
    {"address", "article", "aside", "blockquote", "div", "dl", "fieldset", "figure"}
    | {"figcaption", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr"}
    | {"main", "nav", "ol", "p", "pre", "section", "table", "ul"}
)
RAW_TEXT_ELEMENTS = frozenset({"script", "style", "template", "noscript", "textarea", "title"})


@dataclass
class Node:
    """An element (``tag`` set) or a run of text (``tag`` empty, ``text`` set)."""

    tag: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Node"] = field(default_factory=list)
    text: str = ""
    parent: "Node | None" = field(default=None, repr=False)

    @property
    def is_text(self) -> bool:
        return not self.tag

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self):
        """This node and every node under it, in document order."""
        yield self
        for child in self.children:
            yield from child.iter()

    def find(self, tag: str) -> "Node | None":
        return next((node for node in self.iter() if node.tag == tag), None)

    def text_content(self) -> str:
        if self.is_text:
            return self.text
        if self.tag == "br":
            return "\n"
        return "".join(child.text_content() for child in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node(tag="#root")
        self.stack = [self.root]

    @property
    def current(self) -> Node:
        return self.stack[-1]

    def _open(self, tag: str, attrs) -> Node:
        node = Node(tag=tag, attrs={k: (v or "") for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        return node

    def _close_until(self, tag: str) -> None:
        for position in range(len(self.stack) - 1, 0, -1):
            if self.stack[position].tag == tag:
                del self.stack[position:]
                return

    def handle_starttag(self, tag, attrs):
        if tag in CLOSES_PARAGRAPH and any(node.tag == "p" for node in self.stack[1:]):
            self._close_until("p")
        if tag == "li" and any(node.tag == "li" for node in self.stack[1:]):
            # A new item closes the previous one of the same list only.
            for position in range(len(self.stack) - 1, 0, -1):
                if self.stack[position].tag in {"ul", "ol"}:
                    break
                if self.stack[position].tag == "li":
                    del self.stack[position:]
                    break
        node = self._open(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.append(node)

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        self._close_until(tag)

    def handle_data(self, data):
        if self.current.tag in RAW_TEXT_ELEMENTS:
            return
        children = self.current.children
        if children and children[-1].is_text:
            children[-1].text += data
        else:
            children.append(Node(text=data, parent=self.current))


def parse_fragment(html: str) -> Node:
    """The children of the returned ``#root`` node are the fragment's top-level nodes."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root
