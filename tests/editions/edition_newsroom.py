"""The two-language newsroom of the editions tests: its text and how it is built.

The text is real (see ``fixtures/README.md``): Article 1 of the Universal
Declaration of Human Rights in English and in its Eastern Armenian
translation. The fixtures that use these are in ``conftest.py``.
"""

import types

from django.core.cache import cache
from django.urls import clear_url_caches
from lxml import html as lxml_html

from masthead.news.models import ArticlePage

EN_TITLE = "Universal Declaration of Human Rights"
EN_TEXT = (
    "All human beings are born free and equal in dignity and rights. They are endowed with "
    "reason and conscience and should act towards one another in a spirit of brotherhood."
)
HY_TITLE = "Մարդու իրավունքների համընդհանուր հռչակագիր"
HY_TEXT = (
    "Բոլոր մարդիկ ծնվում են ազատ ու հավասար իրենց արժանապատվությամբ ու իրավունքներով։ "
    "Նրանք ունեն բանականություն ու խիղճ և միմյանց պետք է եղբայրաբար վերաբերվեն։"
)
LANGUAGES = [("en", "English"), ("hy", "Հայերեն")]


def editions_urlconf():
    """The URLconf ``masthead.urls`` builds with ``MASTHEAD_LANGUAGES=en,hy``."""
    from masthead.urls import handler500, page_patterns, site_patterns

    module = types.ModuleType("editions_urls")
    module.urlpatterns = site_patterns + page_patterns(True)
    module.handler500 = handler500
    return module


def turn_editions_on(settings, languages: list[tuple[str, str]] = LANGUAGES) -> None:
    """Editions of ``languages`` (code, own name), the first the default: English and Armenian."""
    settings.MASTHEAD_LANGUAGES = [code for code, _ in languages]
    settings.LANGUAGE_CODE = languages[0][0]
    settings.LANGUAGES = languages
    settings.WAGTAIL_CONTENT_LANGUAGES = languages
    settings.WAGTAIL_I18N_ENABLED = True
    settings.ROOT_URLCONF = editions_urlconf()
    clear_url_caches()
    cache.clear()  # Wagtail's site root paths were worked out with one language


def published_translation(article: ArticlePage, locale, title: str, text: str) -> ArticlePage:
    """What "Translate" in the admin makes (a draft copy), translated and published."""
    from masthead.news.authoring import paragraphs_to_body

    copy = article.copy_for_translation(locale)
    copy.title = title
    copy.body = paragraphs_to_body([text])
    copy.save_revision().publish()
    return ArticlePage.objects.get(pk=copy.pk)


def parse(response):
    assert response.status_code == 200, response.status_code
    return lxml_html.fromstring(response.content)
