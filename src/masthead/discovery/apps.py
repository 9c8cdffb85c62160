from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    """Finding stories: "You May Also Like" related articles and site search."""

    name = "masthead.discovery"
    label = "discovery"
    verbose_name = "Discovery"

    def ready(self) -> None:
        from . import cache_rules, search_address, signals

        signals.connect()
        cache_rules.connect()
        search_address.connect()
