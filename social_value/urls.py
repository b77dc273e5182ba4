from django.urls import path

from social_value import views

app_name = "social_value"

urlpatterns = [
    path("measures/", views.measure_list, name="measure_list"),
    path("", views.summary, name="summary"),
    path("returns-and-check-ins/", views.provider_waiting, name="provider_waiting"),
    path("contracts/<int:pk>/", views.contract_social_value, name="contract_social_value"),
    path("contracts/<int:pk>/commitments/", views.commitment_create, name="commitment_create"),
    path("contracts/<int:pk>/returns/", views.returns_request, name="returns_request"),
    path("returns/<int:pk>/", views.return_detail, name="return_detail"),
    path("returns/<int:pk>/evidence/", views.evidence_download, name="evidence_download"),
]
