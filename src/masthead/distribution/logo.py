"""The publisher logo search engines ask for, when the newsroom has not uploaded one.

Google's article structured data wants a publisher logo: a raster image, at
most 600 pixels wide and 60 high. Rather than leave it out, the site's own name
is drawn as a plain wordmark, once per name, and served as a PNG.
"""

import io
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw, ImageFont

from .locations import site_for_request

LOGO_WIDTH = 600
LOGO_HEIGHT = 60
INK = (17, 17, 17)
PAPER = (255, 255, 255)


@lru_cache(maxsize=32)
def wordmark_png(name: str) -> bytes:
    """``name`` drawn in the largest size that fits 600×60, dark on white, as PNG bytes."""
    image = Image.new("RGB", (LOGO_WIDTH, LOGO_HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    size = 44
    while True:
        font = ImageFont.load_default(size=size)
        left, top, right, bottom = draw.textbbox((0, 0), name, font=font)
        if right - left <= LOGO_WIDTH - 8 or size <= 10:
            break
        size -= 2
    y = (LOGO_HEIGHT - (bottom - top)) // 2 - top
    draw.text((4 - left, y), name, font=font, fill=INK)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@require_safe
@cache_control(public=True, max_age=86400)
def publisher_logo(request: HttpRequest) -> HttpResponse:
    site = site_for_request(request)
    name = site.site_name or settings.WAGTAIL_SITE_NAME
    return HttpResponse(wordmark_png(name), content_type="image/png")
