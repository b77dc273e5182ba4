from django.urls import path

from contracts import views
from contracts.indicators import views as indicator_views
from contracts.voices import views as voice_views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="contract_list"),
    path("download.csv", views.contract_list_csv, name="contract_list_csv"),
    path("new/", views.contract_create, name="contract_create"),
    path("learning/", views.learning_list, name="learning_list"),
    path("learning/public/", views.learning_public, name="learning_public"),
    path("<int:pk>/", views.contract_detail, name="contract_detail"),
    path("<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("<int:pk>/check-ins/", views.checkin_create, name="checkin_create"),
    path("<int:pk>/check-ins/schedule/", views.checkin_schedule, name="checkin_schedule"),
    path("<int:pk>/check-ins/<int:checkin_pk>/", views.checkin_detail, name="checkin_detail"),
    path(
        "<int:pk>/check-ins/<int:checkin_pk>/contribute/",
        views.checkin_contribute,
        name="checkin_contribute",
    ),
    path(
        "<int:pk>/check-ins/<int:checkin_pk>/share/", views.checkin_publish, name="checkin_publish"
    ),
    path(
        "<int:pk>/check-ins/<int:checkin_pk>/voices/",
        views.voices_invite,
        name="voices_invite",
    ),
    # The page a person who uses the service reaches from their email, without an account.
    path("your-say/thank-you/", voice_views.voice_thanks, name="voice_thanks"),
    path("your-say/<str:token>/", voice_views.voice_give, name="voice_give"),
    path("<int:pk>/check-ins/<int:checkin_pk>/actions/", views.action_create, name="action_create"),
    path(
        "<int:pk>/check-ins/<int:checkin_pk>/readings/",
        views.reading_create,
        name="reading_create",
    ),
    path("<int:pk>/actions/<int:action_pk>/done/", views.action_done, name="action_done"),
    path("<int:pk>/kpis/new/", views.kpi_create, name="kpi_create"),
    path("<int:pk>/kpis/readings/new/", views.reading_add, name="reading_add"),
    path(
        "<int:pk>/kpis/<int:kpi_pk>/indicator/",
        indicator_views.kpi_indicator,
        name="kpi_indicator",
    ),
    path(
        "indicators/<int:pk>/readings/new/",
        indicator_views.indicator_reading_create,
        name="indicator_reading_create",
    ),
    path(
        "indicator-readings/<int:pk>/edit/",
        indicator_views.indicator_reading_edit,
        name="indicator_reading_edit",
    ),
    path("<int:pk>/assessments/new/", views.assessment_create, name="assessment_create"),
    path("<int:pk>/changes/new/", views.modification_create, name="modification_create"),
    path(
        "<int:pk>/extension-options/new/",
        views.extension_option_create,
        name="extension_option_create",
    ),
    path(
        "<int:pk>/extension-options/<int:option_pk>/use/",
        views.extension_option_use,
        name="extension_option_use",
    ),
    path("<int:pk>/decision/", views.decision_create, name="decision_create"),
    path("<int:pk>/learning/new/", views.learning_create, name="learning_create"),
    path("<int:pk>/status/", views.contract_status, name="contract_status"),
]
