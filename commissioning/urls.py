from django.urls import path

from commissioning import views

app_name = "commissioning"

urlpatterns = [
    path("mission_list/", views.mission_list, name="mission_list"),
    path("commission_list/", views.commission_list, name="commission_list"),
]
