from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Reader comments: the "Leave a Reply" form, threads, moderation and spam defence."""

    name = "masthead.comments"
    label = "comments"
    verbose_name = "Comments"
