"""Text that is safe to put in XML 1.0, whatever an editor or an importer typed.

XML 1.0 forbids most control characters outright: one stray form feed pasted
from a word processor would make a whole feed or sitemap unreadable (Django's
feed writer refuses it with an exception). They carry no meaning for readers,
so they are dropped rather than escaped.
"""

import re

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str | None) -> str:
    """``text`` without the characters XML 1.0 cannot carry (``None`` becomes "")."""
    if not text:
        return ""
    return _NOT_XML.sub("", str(text))
