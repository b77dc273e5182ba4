from django.urls import include, path

from commissioning import views

app_name = "commissioning"

urlpatterns = [
    path("missions/", views.mission_list, name="mission_list"),
    path("missions/new/", views.mission_create, name="mission_create"),
    path("missions/<int:pk>/", views.mission_detail, name="mission_detail"),
    path("missions/<int:pk>/edit/", views.mission_edit, name="mission_edit"),
    path("missions/<int:pk>/status/", views.mission_transition, name="mission_transition"),
    path("missions/<int:pk>/outcomes/new/", views.outcome_create, name="outcome_create"),
    path("outcomes/<int:pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:pk>/remove/", views.outcome_delete, name="outcome_delete"),
    path("outcomes/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path(
        "indicator-readings/<int:pk>/remove/",
        views.indicator_reading_delete,
        name="indicator_reading_delete",
    ),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/remove/", views.indicator_delete, name="indicator_delete"),
    path("needs/", views.need_list, name="need_list"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/evidence/new/<slug:kind>/", views.evidence_create, name="evidence_create"),
    path("evidence/<int:pk>/remove/", views.evidence_delete, name="evidence_delete"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("places/", views.place_list, name="place_list"),
    path("places/new/", views.place_create, name="place_create"),
    path("places/import/", views.place_import, name="place_import"),
    path("places/<int:pk>/", views.place_detail, name="place_detail"),
    path("places/<int:pk>/edit/", views.place_edit, name="place_edit"),
    path("commissions/", views.commission_list, name="commission_list"),
    path("commissions/new/", views.commission_create, name="commission_create"),
    path("commissions/<int:pk>/", views.commission_detail, name="commission_detail"),
    path(
        "commissions/<int:pk>/status/",
        views.commission_transition,
        name="commission_transition",
    ),
    path("", include("commissioning.specifications.urls")),
    path("", include("commissioning.specifications.version_urls")),
    path("", include("commissioning.appraisal.urls")),
    path("", include("commissioning.plain_language.urls")),
    path("", include("commissioning.public_voice.urls")),
]
