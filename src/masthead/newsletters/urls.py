"""Readers' newsletter pages under /newsletters/, and the provider webhooks."""

from django.urls import include, path

from . import views
from .webhooks import tracking_urlpatterns

app_name = "newsletters"

urlpatterns = [
    path("newsletters/", views.signup_page, name="signup"),
    path("newsletters/subscribe/", views.subscribe, name="subscribe"),
    path("newsletters/check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("newsletters/new-link/", views.fresh_link, name="fresh_link"),
    path("newsletters/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletters/manage/<str:token>/", views.manage, name="manage"),
    path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "newsletters/webhooks/",
        include((tracking_urlpatterns(), "anymail"), namespace="anymail"),
    ),
]
