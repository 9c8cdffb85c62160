from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every part of Masthead shares: images, site settings, the page shell."""

    name = "masthead.core"
    label = "core"
    verbose_name = "Masthead core"
