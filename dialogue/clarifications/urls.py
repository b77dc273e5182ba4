"""Pages for clarifications (included in dialogue/urls.py under the "dialogue" namespace)."""

from django.urls import URLPattern, path

from dialogue.clarifications import views

urlpatterns: list[URLPattern] = [
    path(
        "tenders/<int:tender_pk>/clarifications/",
        views.clarification_log,
        name="clarification_log",
    ),
    path(
        "tenders/<int:tender_pk>/clarifications/ask/",
        views.clarification_ask,
        name="clarification_ask",
    ),
    path("clarifications/<int:pk>/", views.clarification_detail, name="clarification_detail"),
    path(
        "clarifications/<int:pk>/answer/",
        views.clarification_answer,
        name="clarification_answer",
    ),
]
