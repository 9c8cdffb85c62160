from django.apps import AppConfig


class ImportersConfig(AppConfig):
    """Moving a newsroom in: the WordPress (WXR) importer and its redirects."""

    name = "masthead.importers"
    label = "importers"
    verbose_name = "Importers"
