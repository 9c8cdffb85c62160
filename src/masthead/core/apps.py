from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every part of Masthead shares: images, site settings, the page shell."""

    name = "masthead.core"
    label = "core"
    verbose_name = "Masthead core"

    def ready(self) -> None:
        # Every app's URLs may use <id:…>; it must exist before any URLconf loads.
        from . import converters  # noqa: F401
        from .review_mail import send_one_notice_per_submission

        send_one_notice_per_submission()
