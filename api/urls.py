from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api import views

app_name = "api"

urlpatterns = [
    path("v1/", views.Index.as_view(), name="index"),
    path("v1/opportunities/", views.OpportunityList.as_view(), name="opportunity_list"),
    path(
        "v1/opportunities/<int:pk>/", views.OpportunityDetail.as_view(), name="opportunity_detail"
    ),
    path("v1/contracts/", views.ContractList.as_view(), name="contract_list"),
    path("v1/contracts/<int:pk>/", views.ContractDetail.as_view(), name="contract_detail"),
    path("v1/missions/", views.MissionList.as_view(), name="mission_list"),
    path("v1/missions/<int:pk>/", views.MissionDetail.as_view(), name="mission_detail"),
    path("v1/outcomes/", views.OutcomeList.as_view(), name="outcome_list"),
    # The token's own organisation: no id in the URL, so a token cannot ask for another's.
    path("v1/organisation/tenders/", views.OwnTenderList.as_view(), name="own_tender_list"),
    path("v1/organisation/contracts/", views.OwnContractList.as_view(), name="own_contract_list"),
    path(
        "v1/organisation/commissions/",
        views.OwnCommissionList.as_view(),
        name="own_commission_list",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.ApiDocs.as_view(), name="docs"),
]
