from django.apps import AppConfig


class NewsConfig(AppConfig):
    """Articles and the pages that list them: home, sections, authors, tags."""

    name = "masthead.news"
    label = "news"
    verbose_name = "News"

    def ready(self) -> None:
        from . import cache_rules, editions, translation_status

        cache_rules.connect()
        editions.connect()
        translation_status.connect()
