"""Pages for participation (included in dialogue/urls.py under the "dialogue" namespace)."""

from django.urls import URLPattern, path

from dialogue.participation import views

urlpatterns: list[URLPattern] = [
    path("tenders/<int:pk>/take-part/", views.participant_join, name="participant_join"),
    path("tenders/<int:pk>/withdraw/", views.participant_withdraw, name="participant_withdraw"),
    path("tenders/<int:pk>/messages/", views.participant_messages, name="participant_messages"),
    path(
        "tenders/<int:pk>/messages/<int:participant_pk>/",
        views.participant_thread,
        name="participant_thread",
    ),
    path(
        "tenders/<int:pk>/specification/",
        views.specification_changes,
        name="specification_changes",
    ),
    path(
        "tenders/<int:pk>/specification/read/",
        views.participant_version_seen,
        name="participant_version_seen",
    ),
    path(
        "tenders/<int:pk>/market-shaping/",
        views.market_shaping_tender,
        name="market_shaping_tender",
    ),
    path(
        "missions/<int:pk>/market-shaping/",
        views.market_shaping_mission,
        name="market_shaping_mission",
    ),
]
