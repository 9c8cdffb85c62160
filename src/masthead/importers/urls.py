"""importers URLs."""

urlpatterns: list = []
