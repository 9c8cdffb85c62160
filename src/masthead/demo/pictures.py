"""Pictures for the demo newsroom, drawn with Pillow.

The demo must not borrow a single photograph, so every picture is an abstract
illustration: a gradient in the section's palette with a motif laid over it
(circles for Community, columns for Politics, a horizon for Diaspora...). They
are drawn from a seed, so the same seed always gives the same pictures, and at
half size and scaled up, which keeps the demo fast.
"""

import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]

ILLUSTRATION_SIZE = (1600, 1000)
PORTRAIT_SIZE = 480
JPEG_QUALITY = 82


@dataclass(frozen=True)
class Palette:
    """The colours of one section's pictures, and how to name them in alt text."""

    words: str
    light: RGB
    dark: RGB
    accents: tuple[RGB, ...]


@dataclass(frozen=True)
class Picture:
    """A drawn picture, ready to be stored in the image library."""

    data: bytes
    filename: str
    description: str
    width: int
    height: int


def _gradient(size: tuple[int, int], start: RGB, end: RGB, angle: float) -> Image.Image:
    """A smooth two-colour gradient at ``angle`` degrees, computed small and scaled up."""
    small_width, small_height = max(size[0] // 8, 2), max(size[1] // 8, 2)
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    # Project every pixel on the gradient's direction, then stretch the result to 0..255.
    spans = [x * dx + y * dy for y in range(small_height) for x in range(small_width)]
    low, high = min(spans), max(spans)
    scale = 255 / ((high - low) or 1)
    mask = Image.new("L", (small_width, small_height))
    mask.putdata([int((value - low) * scale) for value in spans])
    mask = mask.resize(size, Image.BICUBIC)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def _with_alpha(colour: RGB, alpha: int) -> RGBA:
    return (*colour, alpha)


def _circles(draw: ImageDraw.ImageDraw, size, palette: Palette, rng: random.Random) -> str:
    width, height = size
    for _ in range(rng.randint(5, 8)):
        radius = rng.randint(height // 8, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        colour = _with_alpha(rng.choice(palette.accents), rng.randint(90, 170))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    return "overlapping circles"


def _bands(draw: ImageDraw.ImageDraw, size, palette: Palette, rng: random.Random) -> str:
    width, height = size
    y = rng.randint(0, height // 6)
    while y < height:
        band = rng.randint(height // 20, height // 6)
        left = rng.randint(-width // 4, width // 3)
        right = rng.randint(width // 2, width + width // 4)
        colour = _with_alpha(rng.choice(palette.accents), rng.randint(120, 210))
        draw.rectangle((left, y, right, y + band), fill=colour)
        y += band + rng.randint(height // 30, height // 8)
    return "horizontal bands like newspaper columns"


def _columns(draw: ImageDraw.ImageDraw, size, palette: Palette, rng: random.Random) -> str:
    width, height = size
    count = rng.randint(6, 10)
    step = width / (count + 1)
    for index in range(count):
        top = rng.randint(height // 5, height - height // 6)
        left = int(step * (index + 0.6))
        colour = _with_alpha(rng.choice(palette.accents), rng.randint(120, 200))
        draw.rectangle((left, top, left + int(step * 0.7), height), fill=colour)
    return "rising columns like a bar chart"


def _rings(draw: ImageDraw.ImageDraw, size, palette: Palette, rng: random.Random) -> str:
    width, height = size
    cx = rng.choice((-width // 6, width + width // 6, width // 2))
    cy = rng.randint(height // 4, height)
    line = max(height // 40, 2)
    for radius in range(height // 6, width + height, line * 4):
        colour = _with_alpha(rng.choice(palette.accents), rng.randint(80, 180))
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius), outline=colour, width=line
        )
    return "concentric rings spreading like sound waves"


def _diagonals(draw: ImageDraw.ImageDraw, size, palette: Palette, rng: random.Random) -> str:
    width, height = size
    x = -height
    while x < width:
        stripe = rng.randint(width // 30, width // 8)
        colour = _with_alpha(rng.choice(palette.accents), rng.randint(60, 170))
        draw.polygon(
            [(x, height), (x + stripe, height), (x + stripe + height, 0), (x + height, 0)],
            fill=colour,
        )
        x += stripe + rng.randint(width // 40, width // 6)
    return "bold diagonal stripes"


def _horizon(draw: ImageDraw.ImageDraw, size, palette: Palette, rng: random.Random) -> str:
    width, height = size
    sun_radius = rng.randint(height // 10, height // 5)
    sun_x, sun_y = (
        rng.randint(width // 5, width - width // 5),
        rng.randint(height // 6, height // 3),
    )
    draw.ellipse(
        (sun_x - sun_radius, sun_y - sun_radius, sun_x + sun_radius, sun_y + sun_radius),
        fill=_with_alpha(palette.accents[0], 220),
    )
    ridges = rng.randint(3, 5)
    for ridge in range(ridges):
        base = height * (0.45 + 0.5 * ridge / ridges)
        amplitude = height * rng.uniform(0.03, 0.09)
        wavelength = width / rng.uniform(1.0, 3.0)
        phase = rng.uniform(0, math.tau)
        points = [
            (x, base + amplitude * math.sin(phase + math.tau * x / wavelength))
            for x in range(0, width + 20, 20)
        ]
        colour = _with_alpha(palette.accents[(ridge + 1) % len(palette.accents)], 150 + ridge * 20)
        draw.polygon([(0, height), *points, (width, height)], fill=colour)
    return "a sun over layered hills"


MOTIFS: dict[str, Callable[..., str]] = {
    "circles": _circles,
    "bands": _bands,
    "columns": _columns,
    "rings": _rings,
    "diagonals": _diagonals,
    "horizon": _horizon,
}


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def illustration(palette: Palette, motif: str, seed: int, filename: str) -> Picture:
    """A 1600×1000 abstract illustration: a gradient with a softened motif over it."""
    rng = random.Random(seed)
    size = ILLUSTRATION_SIZE
    # Composed at half size and scaled up once: four times less work, and the
    # scaling softens the shapes' edges as a blur would.
    half = (size[0] // 2, size[1] // 2)
    image = _gradient(half, palette.light, palette.dark, rng.uniform(0, 360)).convert("RGBA")
    motif_layer = Image.new("RGBA", half, (0, 0, 0, 0))
    shape = MOTIFS[motif](ImageDraw.Draw(motif_layer), half, palette, rng)
    image = Image.alpha_composite(image, motif_layer).convert("RGB").resize(size, Image.BICUBIC)

    return Picture(
        data=_jpeg(image),
        filename=filename,
        description=f"Abstract illustration: {shape} in {palette.words}.",
        width=size[0],
        height=size[1],
    )


def _luminance(colour: RGB) -> float:
    red, green, blue = colour
    return 0.299 * red + 0.587 * green + 0.114 * blue


def initials_of(name: str) -> str:
    """ "Anna Petrosyan" → "AP"; one letter for a single name."""
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


def portrait(name: str, palette: Palette, seed: int, filename: str) -> Picture:
    """A byline portrait that is plainly not a photograph: initials on a coloured disc."""
    rng = random.Random(seed)
    side = PORTRAIT_SIZE
    image = _gradient((side, side), palette.light, palette.dark, rng.uniform(0, 360))
    draw = ImageDraw.Draw(image)
    margin = side // 10
    # White initials need a dark enough disc to be read.
    dark_accents = [colour for colour in palette.accents if _luminance(colour) < 140]
    disc = rng.choice(dark_accents or [palette.dark])
    draw.ellipse((margin, margin, side - margin, side - margin), fill=disc)
    ring = max(side // 60, 2)
    draw.ellipse(
        (margin - ring * 3, margin - ring * 3, side - margin + ring * 3, side - margin + ring * 3),
        outline=(255, 255, 255),
        width=ring,
    )
    font = ImageFont.load_default(size=side // 3)
    draw.text((side / 2, side / 2), initials_of(name), fill=(255, 255, 255), font=font, anchor="mm")
    return Picture(
        data=_jpeg(image),
        filename=filename,
        description=f"The initials {initials_of(name)} on a coloured disc, in place of a photo.",
        width=side,
        height=side,
    )
