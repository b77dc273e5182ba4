"""Routes for plain_language; included in the commissioning namespace."""

urlpatterns: list = []
