from django.urls import path

from dialogue import views

app_name = "dialogue"

urlpatterns = [
    path("", views.opportunity_list, name="opportunity_list"),
    path("saved-searches/", views.saved_search_list, name="saved_search_list"),
    path("saved-searches/new/", views.saved_search_create, name="saved_search_create"),
    path("saved-searches/<int:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
]
