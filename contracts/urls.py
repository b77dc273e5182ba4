from django.urls import path

from contracts import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="contract_list"),
    path("new/", views.contract_create, name="contract_create"),
    path("<int:pk>/", views.contract_detail, name="contract_detail"),
    path("<int:pk>/check-ins/", views.checkin_create, name="checkin_create"),
    path("<int:pk>/status/", views.contract_status, name="contract_status"),
]
