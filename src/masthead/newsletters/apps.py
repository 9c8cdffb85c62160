from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    """Newsletter sign-up with double opt-in, editions and digests, and their delivery."""

    name = "masthead.newsletters"
    label = "newsletters"
    verbose_name = "Newsletters"
