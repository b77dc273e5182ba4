from django.urls import path

from procurement import views

app_name = "procurement"

urlpatterns = [
    path("tender_list/", views.tender_list, name="tender_list"),
    path("my_bids/", views.my_bids, name="my_bids"),
]
