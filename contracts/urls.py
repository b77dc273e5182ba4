from django.urls import path

from contracts import views

app_name = "contracts"

urlpatterns = [
    path("contract_list/", views.contract_list, name="contract_list"),
]
