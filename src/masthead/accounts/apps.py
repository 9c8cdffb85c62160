from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: sign-in throttling, the second factor, and signed-in sessions."""

    name = "masthead.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import post_delete, post_save
        from django_otp.plugins.otp_totp.models import TOTPDevice
        from django_otp_webauthn.models import WebAuthnCredential

        from . import second_factor
        from .models import StaffSignInPolicy
        from .sessions import forget_sign_in, record_sign_in

        user_logged_in.connect(record_sign_in, dispatch_uid="masthead.accounts.sign_in")
        user_logged_out.connect(forget_sign_in, dispatch_uid="masthead.accounts.sign_out")

        # Sessions remember whether their user has an app or a passkey and whether the site
        # requires one (second_factor.pending_verification); any change to
        # either makes every session ask again.
        def device_changed(sender, instance, **kwargs):
            second_factor.devices_changed(instance.user_id)

        def policy_changed(sender, **kwargs):
            second_factor.policy_changed()

        for signal in (post_save, post_delete):
            signal.connect(device_changed, sender=TOTPDevice, weak=False)
            signal.connect(device_changed, sender=WebAuthnCredential, weak=False)
            signal.connect(policy_changed, sender=StaffSignInPolicy, weak=False)
