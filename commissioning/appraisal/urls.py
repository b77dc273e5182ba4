"""Routes for appraisal; included in the commissioning namespace."""

urlpatterns: list = []
