"""Pages for market engagement (included in dialogue/urls.py under the "dialogue" namespace,
below /opportunities/)."""

from django.urls import URLPattern, path

from dialogue.engagement import views

urlpatterns: list[URLPattern] = [
    path("engagements/", views.engagement_list, name="engagement_list"),
    path(
        "engagements/new/commission/<int:pk>/",
        views.engagement_create,
        name="engagement_create",
    ),
    path("engagements/<int:pk>/", views.engagement_detail, name="engagement_detail"),
    path("engagements/<int:pk>/edit/", views.engagement_edit, name="engagement_edit"),
    path(
        "engagements/<int:pk>/questions/",
        views.engagement_question_add,
        name="engagement_question_add",
    ),
    path(
        "engagements/<int:pk>/questions/<int:question_pk>/remove/",
        views.engagement_question_remove,
        name="engagement_question_remove",
    ),
    path("engagements/<int:pk>/open/", views.engagement_open, name="engagement_open"),
    path("engagements/<int:pk>/close/", views.engagement_close, name="engagement_close"),
    path("engagements/<int:pk>/event/", views.engagement_signup, name="engagement_signup"),
    path(
        "engagements/<int:pk>/event/cancel/",
        views.engagement_signup_cancel,
        name="engagement_signup_cancel",
    ),
    path("engagements/<int:pk>/respond/", views.engagement_respond, name="engagement_respond"),
    path(
        "engagements/responses/<int:pk>/",
        views.engagement_response_detail,
        name="engagement_response_detail",
    ),
    path(
        "engagements/<int:pk>/responses/",
        views.engagement_responses,
        name="engagement_responses",
    ),
    path(
        "engagements/<int:pk>/insights/",
        views.engagement_insights,
        name="engagement_insights",
    ),
    path(
        "engagements/<int:pk>/insights/new/",
        views.engagement_insight_add,
        name="engagement_insight_add",
    ),
    path(
        "engagements/<int:pk>/insights/issue-version/",
        views.engagement_version_issue,
        name="engagement_version_issue",
    ),
]
