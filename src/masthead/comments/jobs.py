"""The comments' periodic job, run every minute by ``masthead worker`` (registered in apps.py)."""

from django.db import close_old_connections

from .notifications import send_moderation_digest


def send_comment_digest() -> None:
    """Mail the moderators about newly held comments when a digest is due."""

    # The worker's thread keeps its connection between rounds: refresh it like a request does.
    close_old_connections()
    try:
        send_moderation_digest()
    finally:
        close_old_connections()
