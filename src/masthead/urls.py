from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

MEDIA_MAX_AGE = 30 * 24 * 3600


def serve_media(request, path: str):
    """Uploaded files from MEDIA_ROOT, read at request time (tests point it elsewhere).

    Renditions get a new file name when their image changes, so browsers may keep
    them for a month.
    """
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    return response


urlpatterns = [
    path("", include("masthead.operations.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("masthead.comments.urls")),
    path("", include("masthead.newsletters.urls")),
    path("", include("masthead.discovery.urls")),
    path("", include("masthead.distribution.urls")),
    path("", include("masthead.importers.urls")),
]

if not settings.PRODUCTION:
    # The embedded default serves uploaded media itself; production puts a web
    # server or object storage in front of MEDIA_ROOT.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]

# Wagtail's page tree answers everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
