from django.urls import path

from dialogue import views

app_name = "dialogue"

urlpatterns = [
    path("", views.opportunity_list, name="opportunity_list"),
]
