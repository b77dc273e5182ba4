from django.urls import include, path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("organisation/switch/", views.switch_organisation, name="switch_organisation"),
    path("notifications/", views.notifications, name="notifications"),
    path("audit/<int:content_type_id>/<str:object_id>/", views.audit_log, name="audit_log"),
    path(
        "organisations/<slug:slug>/people/", views.organisation_people, name="organisation_people"
    ),
    path(
        "organisations/<slug:slug>/details/",
        views.organisation_details,
        name="organisation_details",
    ),
    path("suppliers/", include("accounts.registration_views")),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
