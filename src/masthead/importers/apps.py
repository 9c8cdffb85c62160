from django.apps import AppConfig


class ImportersConfig(AppConfig):
    """Moving a newsroom in: the WordPress (WXR) importer and its redirects."""

    name = "masthead.importers"
    label = "importers"
    verbose_name = "Importers"

    def ready(self) -> None:
        from masthead.caching.keys import register_page_parameters

        from .middleware import QUERY_BY_NUMBER, QUERY_BY_SLUG

        # WordPress's old addresses (``/?p=12``, ``/?feed=rss2``) must not share
        # the front page's stored copy: they lead somewhere else.
        register_page_parameters(*QUERY_BY_NUMBER, *QUERY_BY_SLUG, "feed")
