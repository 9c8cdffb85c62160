"""newsletters URLs."""

urlpatterns: list = []
