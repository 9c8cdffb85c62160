"""Pictures for consumers outside the site: feed enclosures, social cards, structured data.

Each consumer wants one plain JPEG with known dimensions, not the responsive
``<picture>`` the site serves. A missing or unreadable original file (a restored
backup without media, say) leaves the picture out instead of breaking the page.
"""

import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)

# 16:9, what Open Graph, X cards and feed readers all display well.
SHARE_SPEC = "fill-1200x675-c50|format-jpeg|jpegquality-82"
# Google asks for several aspect ratios of a story's picture in its structured data.
STRUCTURED_DATA_SPECS = (
    SHARE_SPEC,
    "fill-1200x900-c50|format-jpeg|jpegquality-82",
    "fill-1200x1200-c50|format-jpeg|jpegquality-82",
)


@dataclass(frozen=True)
class ImageVariant:
    """One rendition of a picture, as an outside consumer needs to describe it."""

    url: str  # site-relative, e.g. /media/images/harbour.fill-1200x675.jpg
    width: int
    height: int
    mime_type: str
    alt: str
    credit: str
    length: int = 0  # bytes; RSS enclosures require it, 0 when unknown


def image_variant(image, spec: str = SHARE_SPEC) -> ImageVariant | None:
    """A JPEG rendition of ``image`` for consumers, or ``None`` if there is no usable file."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
    except OSError:  # Wagtail's SourceImageIOError included
        logger.warning("Image %s has no readable file; leaving it out", image.pk)
        return None
    try:
        length = rendition.file.size
    except OSError:
        length = 0
    return ImageVariant(
        url=rendition.url,
        width=rendition.width,
        height=rendition.height,
        mime_type="image/jpeg",
        alt=image.description or image.title,
        credit=getattr(image, "credit", ""),
        length=length,
    )


def image_variants(image, specs: tuple[str, ...] = STRUCTURED_DATA_SPECS) -> list[ImageVariant]:
    """Several renditions of ``image`` fetched (or made) together; sizes in bytes not read."""
    if image is None:
        return []
    try:
        renditions = image.get_renditions(*specs)
    except OSError:  # Wagtail's SourceImageIOError included
        logger.warning("Image %s has no readable file; leaving it out", image.pk)
        return []
    alt = image.description or image.title
    credit = getattr(image, "credit", "")
    return [
        ImageVariant(
            url=renditions[spec].url,
            width=renditions[spec].width,
            height=renditions[spec].height,
            mime_type="image/jpeg",
            alt=alt,
            credit=credit,
        )
        for spec in specs
        if spec in renditions
    ]
