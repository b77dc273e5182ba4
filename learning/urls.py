from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("", views.lesson_search, name="search"),
    path(
        "commissions/<int:pk>/learned-before/",
        views.learned_before,
        name="learned_before",
    ),
    path("commissions/<int:pk>/pins/", views.lesson_pin, name="pin"),
    path("pins/<int:pk>/remove/", views.lesson_unpin, name="unpin"),
]
