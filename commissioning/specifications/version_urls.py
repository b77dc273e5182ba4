"""Routes for comparing specification versions and the change log."""

from django.urls import path

from commissioning.specifications import version_views

urlpatterns = [
    path(
        "commissions/<int:pk>/specification/changes/",
        version_views.specification_changelog,
        name="specification_changelog",
    ),
    path(
        "commissions/<int:pk>/specification/compare/",
        version_views.specification_compare,
        name="specification_compare",
    ),
]
