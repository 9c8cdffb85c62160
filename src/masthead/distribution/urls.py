"""distribution URLs."""

urlpatterns: list = []
