"""discovery URLs."""

urlpatterns: list = []
