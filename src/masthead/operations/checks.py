"""System checks (``masthead check``) for the operations settings."""

from django.conf import settings
from django.core.checks import Error

from masthead.core.addresses import parse_networks


def check_metrics_settings(app_configs=None, **kwargs) -> list[Error]:
    """A mistyped allow-list entry would otherwise just lock the scraper out, silently."""
    _, invalid = parse_networks(settings.MASTHEAD_METRICS_ALLOW)
    return [
        Error(
            f"MASTHEAD_METRICS_ALLOW entry {entry!r} is not an IP address or network.",
            hint="Use addresses or CIDR networks separated by commas, e.g. 127.0.0.1,10.0.0.0/8.",
            id="operations.E001",
        )
        for entry in invalid
    ]
