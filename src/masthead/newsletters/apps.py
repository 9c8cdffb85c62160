from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    """Newsletter sign-up with double opt-in, editions and digests, and their delivery."""

    name = "masthead.newsletters"
    label = "newsletters"
    verbose_name = "Newsletters"

    def ready(self) -> None:
        from anymail.signals import tracking
        from wagtail.signals import page_published

        from masthead.core.scheduling import register_periodic_job
        from masthead.news.models import ArticlePage

        from .jobs import send_due_newsletters
        from .signals import on_article_published
        from .webhooks import handle_tracking

        register_periodic_job(send_due_newsletters)

        page_published.connect(
            on_article_published, sender=ArticlePage, dispatch_uid="newsletters-breaking"
        )
        tracking.connect(handle_tracking, dispatch_uid="newsletters-tracking")
