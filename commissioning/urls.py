from django.urls import include, path

from commissioning import views

app_name = "commissioning"

urlpatterns = [
    path("missions/", views.mission_list, name="mission_list"),
    path("missions/new/", views.mission_create, name="mission_create"),
    path("missions/<int:pk>/", views.mission_detail, name="mission_detail"),
    path("missions/<int:pk>/edit/", views.mission_edit, name="mission_edit"),
    path("needs/", views.need_list, name="need_list"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
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
]
