"""comments URLs."""

urlpatterns: list = []
