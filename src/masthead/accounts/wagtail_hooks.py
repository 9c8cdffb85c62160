from django.urls import include, path, reverse
from wagtail import hooks

from . import admin_urls, passkeys, second_factor


@hooks.register("register_admin_urls")
def register_account_urls():
    return [
        path("account/", include((admin_urls, "accounts"), namespace="accounts")),
        path(
            "account/passkeys/",
            include((passkeys.urlpatterns, passkeys.NAMESPACE), namespace=passkeys.NAMESPACE),
        ),
    ]


@hooks.register("register_account_menu_item")
def two_step_sign_in_item(request):
    state = "on" if second_factor.is_set_up(request.user) else "off"
    return {
        "url": reverse("accounts:second_factor"),
        "label": "Two-step sign-in",
        "help_text": f"A code from your phone or a passkey after the password (now {state}).",
    }


@hooks.register("register_account_menu_item")
def signed_in_sessions_item(request):
    return {
        "url": reverse("accounts:sessions"),
        "label": "Signed-in sessions",
        "help_text": "Every browser signed in as you, and a way to sign each one out.",
    }
