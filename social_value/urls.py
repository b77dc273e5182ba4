from django.urls import path

from social_value import views

app_name = "social_value"

urlpatterns = [
    path("measure_list/", views.measure_list, name="measure_list"),
]
