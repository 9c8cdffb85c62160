"""What the newsroom decides about staff sign-in, and who is signed in where."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="key")
class StaffSignInPolicy(BaseGenericSetting):
    """Site-wide rules for staff sign-in, which only administrators may change.

    A generic setting rather than an environment variable: the administrator who
    decides that every account needs a second factor is a newsroom's manager in
    the admin, not whoever runs the server.
    """

    require_second_factor = models.BooleanField(
        "Require two-step sign-in for every staff account",
        default=False,
        help_text=(
            "When on, anyone without an authenticator app set up is asked to set one "
            "up right after signing in, before they can use the admin."
        ),
    )

    panels = [FieldPanel("require_second_factor")]

    class Meta:
        verbose_name = "Staff sign-in"


class SignedInSession(models.Model):
    """One browser where a staff member is signed in, so that they can see it and end it.

    Django's sessions cannot be listed per user without decoding every one of
    them, and the cache session engines cannot be listed at all; this record,
    written at sign-in, is what the "Signed-in sessions" page reads.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.user} since {self.signed_in_at:%Y-%m-%d %H:%M}"
