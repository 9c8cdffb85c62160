"""The demo newsroom's words, read from the data files in ``demo/content/``.

Editors change the stories, people and places there (JSON, UTF-8, one file a
subject) without touching code; the Python beside them only fills the blanks.
The files ship inside the package (``pyproject.toml``'s package data).
"""

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def read_content(name: str) -> Any:
    """The parsed contents of ``demo/content/<name>``, read once and shared: do not change it."""
    text = resources.files("masthead.demo").joinpath("content", name).read_text(encoding="utf-8")
    return json.loads(text)
