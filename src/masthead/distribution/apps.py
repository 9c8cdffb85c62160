from django.apps import AppConfig


class DistributionConfig(AppConfig):
    """Being found: feeds, sitemaps, structured data, social cards and pings."""

    name = "masthead.distribution"
    label = "distribution"
    verbose_name = "Distribution"

    def ready(self) -> None:
        from . import cache_rules, signals

        signals.connect()
        cache_rules.connect()
