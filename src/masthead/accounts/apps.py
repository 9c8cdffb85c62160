from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: sign-in throttling, the second factor, and signed-in sessions."""

    name = "masthead.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from .sessions import forget_sign_in, record_sign_in

        user_logged_in.connect(record_sign_in, dispatch_uid="masthead.accounts.sign_in")
        user_logged_out.connect(forget_sign_in, dispatch_uid="masthead.accounts.sign_out")
