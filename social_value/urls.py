from django.urls import path

from social_value import views

app_name = "social_value"

urlpatterns = [
    path("measures/", views.measure_list, name="measure_list"),
]
