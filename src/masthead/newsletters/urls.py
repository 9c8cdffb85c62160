"""Readers' newsletter pages under /newsletters/ (and /hy/newsletters/…), and the provider webhooks.

The reader pages are under each edition's prefix (``edition_routes``), so a
reader who signed up on an Armenian page, and the links in their mails, stay
in Armenian. The webhooks are the providers' and have no language.
"""

from django.urls import include, path

from masthead.core.editions import edition_routes

from . import views
from .webhooks import tracking_urlpatterns

app_name = "newsletters"

urlpatterns = [
    *edition_routes(
        [
            path("newsletters/", views.signup_page, name="signup"),
            path("newsletters/subscribe/", views.subscribe, name="subscribe"),
            path("newsletters/check-your-inbox/", views.check_inbox, name="check_inbox"),
            path("newsletters/new-link/", views.fresh_link, name="fresh_link"),
            path("newsletters/confirm/<str:token>/", views.confirm, name="confirm"),
            path("newsletters/manage/<str:token>/", views.manage, name="manage"),
            path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
        ]
    ),
    path(
        "newsletters/webhooks/",
        include((tracking_urlpatterns(), "anymail"), namespace="anymail"),
    ),
]
