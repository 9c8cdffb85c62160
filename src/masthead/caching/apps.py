from django.apps import AppConfig


class CachingConfig(AppConfig):
    """Whole pages for anonymous readers, invalidated exactly when what they show changes."""

    name = "masthead.caching"
    label = "caching"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from . import signals

        signals.connect()
