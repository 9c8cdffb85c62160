"""Turning editions and notices into e-mail: MJML for the HTML part, a plain-text twin.

Templates are Django templates that produce MJML (so everything readers or
editors typed is HTML-escaped), compiled to table-based, inline-styled HTML by
mjml-python. Every link is absolute, every image has alt text and the words
never depend on the pictures, so a mail reads fine with images blocked.

An edition is rendered once, when sending begins; the per-reader links are
placeholders filled in for each recipient (see :func:`personalise`).
"""

from dataclasses import dataclass

import mjml
from django.conf import settings
from django.template.loader import render_to_string
from wagtail.models import Site

from masthead.core.editions import current_language, is_multilingual, language_tag, text_direction
from masthead.core.models import NewsroomSettings

from .languages import for_list
from .links import absolute_url

UNSUBSCRIBE_PLACEHOLDER = "__MASTHEAD_UNSUBSCRIBE_URL__"
PREFERENCES_PLACEHOLDER = "__MASTHEAD_PREFERENCES_URL__"
ACCENT_COLOUR = "#8a1c1c"  # the site's --accent, so mails look like the paper
IMAGE_SPEC = "fill-1200x675|format-jpeg|jpegquality-75"


@dataclass(frozen=True)
class Branding:
    site_name: str
    tagline: str
    about: str
    home_url: str
    accent: str = ACCENT_COLOUR


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    html: str
    text: str


def branding() -> Branding:
    """The newsroom's name, tagline and footer text, from the default Site and its settings."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    tagline = about = ""
    if site is not None:
        newsroom = NewsroomSettings.for_site(site)
        tagline, about = newsroom.tagline, newsroom.about
    return Branding(
        site_name=" ".join(name.split()),
        tagline=tagline,
        about=about,
        home_url=absolute_url("/"),
    )


def compile_mjml(source: str) -> str:
    return mjml.mjml2html(source)


def mail_language() -> str:
    """``<html lang>`` of a mail in an edition's language; empty (``en``, as ever) with one."""
    return language_tag(current_language()) if is_multilingual() else ""


def mail_direction() -> str:
    """``rtl`` for a mail in a right-to-left edition's language (Persian, Arabic), else empty.

    Empty leaves MJML's own ``dir="auto"``, so a one-language site's mails stay as they were.
    """
    if is_multilingual() and text_direction(current_language()) == "rtl":
        return "rtl"
    return ""


def render_mail(template: str, context: dict) -> tuple[str, str]:
    """HTML and plain text from ``<template>.mjml`` and ``<template>.txt``."""
    context = {
        "brand": branding(),
        "mail_lang": mail_language(),
        "mail_dir": mail_direction(),
        **context,
    }
    html = compile_mjml(render_to_string(f"newsletters/email/{template}.mjml", context))
    text = render_to_string(f"newsletters/email/{template}.txt", context)
    return html, _tidy_text(text)


def _tidy_text(text: str) -> str:
    """Collapse the blank lines template tags leave behind, so the text part reads cleanly."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy) + "\n"


# Editions ------------------------------------------------------------------


@dataclass(frozen=True)
class StoryInMail:
    headline: str
    url: str
    kicker: str
    byline: str
    teaser: str
    image_url: str
    image_alt: str


def story_for_mail(article) -> StoryInMail:
    image_url = image_alt = ""
    image = article.featured_image
    if image is not None:
        try:
            image_url = absolute_url(image.get_rendition(IMAGE_SPEC).url)
            image_alt = image.description or image.title
        except Exception:  # noqa: BLE001 - a missing file must not stop the mailing
            image_url = ""
    section = article.get_parent()
    return StoryInMail(
        headline=article.title,
        url=absolute_url(article.url or "/"),
        kicker=section.title if section else "",
        byline=article.byline,
        teaser=article.teaser(240),
        image_url=image_url,
        image_alt=image_alt,
    )


def edition_stories(edition) -> list[StoryInMail]:
    """The edition's live stories in the editor's order; unpublished ones are left out."""
    articles = [item.article for item in edition.items.all() if item.article_id]
    return [story_for_mail(article.specific) for article in articles if article.live]


def render_edition(edition) -> RenderedMail:
    """The edition's mail with placeholder links, rendered once for every recipient.

    In its list's language (``languages.for_list``): an Armenian list's
    editions say their words and dates in Armenian.
    """
    with for_list(edition.newsletter):
        return _render_edition(edition)


def _render_edition(edition) -> RenderedMail:
    html, text = render_mail(
        "edition",
        {
            "edition": edition,
            "newsletter": edition.newsletter,
            "stories": edition_stories(edition),
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "preferences_url": PREFERENCES_PLACEHOLDER,
        },
    )
    return RenderedMail(subject=edition.subject, html=html, text=text)


def personalise(body: str, unsubscribe_url: str, preferences_url: str) -> str:
    return body.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url).replace(
        PREFERENCES_PLACEHOLDER, preferences_url
    )


def preview_html(edition) -> str:
    """What the admin's preview panel shows: the edition as a reader would get it."""
    rendered = render_edition(edition)
    return personalise(rendered.html, absolute_url("/newsletters/"), absolute_url("/newsletters/"))
