"""Routes for comparing specification versions and the change log."""

urlpatterns: list = []
