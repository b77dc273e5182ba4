"""Specification pages; included in the commissioning namespace."""

from django.urls import path

from commissioning.specifications import views

urlpatterns = [
    path(
        "commissions/<int:pk>/specification/",
        views.specification_detail,
        name="specification_detail",
    ),
    path(
        "commissions/<int:pk>/specification/start/",
        views.specification_create,
        name="specification_create",
    ),
    path(
        "commissions/<int:pk>/specification/sections/new/",
        views.section_add,
        name="section_add",
    ),
    path(
        "commissions/<int:pk>/specification/sections/<int:section_pk>/edit/",
        views.section_edit,
        name="section_edit",
    ),
    path(
        "commissions/<int:pk>/specification/issue/",
        views.specification_issue,
        name="specification_issue",
    ),
    path(
        "commissions/<int:pk>/specification/versions/<int:number>/",
        views.specification_version_detail,
        name="specification_version_detail",
    ),
]
