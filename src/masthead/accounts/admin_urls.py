"""URLs of the account pages, under /admin/account/ beside Wagtail's own Account page."""

from django.urls import path

from . import views

urlpatterns = [
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("two-step/", views.SecondFactorView.as_view(), name="second_factor"),
    path("sessions/", views.SessionsView.as_view(), name="sessions"),
]
