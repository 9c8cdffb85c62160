from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Reader comments: the "Leave a Reply" form, threads, moderation and spam defence."""

    name = "masthead.comments"
    label = "comments"
    verbose_name = "Comments"

    def ready(self) -> None:
        from masthead.caching.middleware import register_personal_cookie
        from masthead.core.scheduling import register_periodic_job
        from masthead.news.models import register_listing_annotation

        from . import cache_rules
        from .counts import approved_comment_count
        from .jobs import send_comment_digest
        from .section import COOKIE_NAME

        cache_rules.connect()
        register_periodic_job(send_comment_digest)
        register_listing_annotation("comment_count", approved_comment_count)
        register_personal_cookie(COOKIE_NAME)
