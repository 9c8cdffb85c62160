import posixpath

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import Http404
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from masthead.accounts.password_reset import ThrottledPasswordResetView
from masthead.core.editions import is_multilingual
from masthead.news.translating import TranslatePageView

MEDIA_MAX_AGE = 30 * 24 * 3600
# The folders of MEDIA_ROOT a reader may fetch directly: pictures and their
# renditions. Documents go through Wagtail's view (collection privacy), and
# nothing else an upload might leave there is served.
PUBLIC_MEDIA_FOLDERS = ("images/", "original_images/")


@require_safe
def serve_media(request, path: str):
    """Pictures from MEDIA_ROOT, read at request time (tests point it elsewhere).

    Django's view refuses paths that leave the folder and lists no directory;
    it sends the content type from the file name, Last-Modified and, to a
    conditional request for an unchanged file, a 304. Renditions get a new file
    name when their image changes, so browsers may keep them for a month.
    """
    normalized = posixpath.normpath(path).lstrip("/")
    if not normalized.startswith(PUBLIC_MEDIA_FOLDERS):
        raise Http404("Not a public media file.")
    response = serve(request, normalized, document_root=settings.MEDIA_ROOT)
    # Pictures are compressed already: GZipMiddleware, which reads the header
    # after the view, would spend CPU making them no smaller (and drop their
    # Content-Length). It skips responses to requests that accept no gzip.
    request.META.pop("HTTP_ACCEPT_ENCODING", None)
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    return response


urlpatterns = [
    path("", include("masthead.operations.urls")),
    # Wagtail's own form, with a limit on how often it may send mail (before Wagtail's URL).
    path(
        "admin/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    # "Translate" for an edition's translators too, at Wagtail's own address.
    path(
        "admin/translation/submit/page/<int:page_id>/",
        TranslatePageView.as_view(),
        name="translate_page",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("masthead.comments.urls")),
    path("", include("masthead.newsletters.urls")),
    path("", include("masthead.discovery.urls")),
    path("", include("masthead.distribution.urls")),
    path("", include("masthead.importers.urls")),
]

if settings.MEDIA_STORAGE == "filesystem":
    # Pictures under MEDIA_ROOT are served here, in production too: a server
    # with nginx in front (deploy/nginx/masthead.conf) has it answer /media/
    # itself, and these requests never arrive; one without must not send 404s.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]


def page_patterns(multilingual: bool) -> list:
    """Wagtail's page tree, which answers everything else, so it comes last.

    With editions (``MASTHEAD_LANGUAGES``), under a language prefix for every
    language but the default, whose addresses stay as they were
    (``masthead.core.editions``, ``docs/editions.md``).
    """
    if multilingual:
        return i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
    return [path("", include(wagtail_urls))]


# The 500 page in the failing address's edition, and never an error itself.
handler500 = "masthead.core.server_error.server_error"

site_patterns = list(urlpatterns)
urlpatterns += page_patterns(is_multilingual())
