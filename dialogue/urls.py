from django.urls import path

from dialogue import views
from dialogue.clarifications import urls as clarification_urls
from dialogue.engagement import urls as engagement_urls
from dialogue.participation import urls as participation_urls
from dialogue.rounds import urls as round_urls

app_name = "dialogue"

urlpatterns = [
    path("", views.opportunity_list, name="opportunity_list"),
    path("saved-searches/", views.saved_search_list, name="saved_search_list"),
    path("saved-searches/new/", views.saved_search_create, name="saved_search_create"),
    path("saved-searches/<int:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
    *engagement_urls.urlpatterns,
    *clarification_urls.urlpatterns,
    *participation_urls.urlpatterns,
    *round_urls.urlpatterns,
]
