"""Options appraisal pages; included in the commissioning namespace."""

from django.urls import path

from commissioning.appraisal import views

urlpatterns = [
    path("commissions/<int:pk>/appraisal/", views.appraisal_detail, name="appraisal_detail"),
    path("commissions/<int:pk>/appraisal/start/", views.appraisal_start, name="appraisal_start"),
    path(
        "commissions/<int:pk>/appraisal/revisit/", views.appraisal_reopen, name="appraisal_reopen"
    ),
    path(
        "commissions/<int:pk>/appraisal/criteria/new/",
        views.appraisal_criterion_create,
        name="appraisal_criterion_create",
    ),
    path(
        "commissions/<int:pk>/appraisal/criteria/<int:criterion_pk>/edit/",
        views.appraisal_criterion_edit,
        name="appraisal_criterion_edit",
    ),
    path(
        "commissions/<int:pk>/appraisal/criteria/<int:criterion_pk>/remove/",
        views.appraisal_criterion_remove,
        name="appraisal_criterion_remove",
    ),
    path(
        "commissions/<int:pk>/appraisal/options/new/",
        views.appraisal_option_create,
        name="appraisal_option_create",
    ),
    path(
        "commissions/<int:pk>/appraisal/options/<int:option_pk>/edit/",
        views.appraisal_option_edit,
        name="appraisal_option_edit",
    ),
    path(
        "commissions/<int:pk>/appraisal/options/<int:option_pk>/remove/",
        views.appraisal_option_remove,
        name="appraisal_option_remove",
    ),
    path("commissions/<int:pk>/appraisal/scores/", views.appraisal_scores, name="appraisal_scores"),
    path("commissions/<int:pk>/appraisal/decide/", views.appraisal_decide, name="appraisal_decide"),
    path(
        "commissions/<int:pk>/appraisal/decided/",
        views.appraisal_decided,
        name="appraisal_decided",
    ),
]
