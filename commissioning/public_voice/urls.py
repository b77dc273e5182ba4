"""The council's pages for a commission's public page and comments; included in the
commissioning namespace."""

from django.urls import path

from commissioning.public_voice import views

urlpatterns = [
    path("public-comments/", views.council_comment_queue, name="council_comment_queue"),
    path("commissions/<int:pk>/public-page/", views.public_page_edit, name="public_page_edit"),
    path(
        "commissions/<int:pk>/public-comments/",
        views.public_comment_list,
        name="public_comment_list",
    ),
    path(
        "commissions/<int:pk>/public-comments/<int:comment_pk>/",
        views.public_comment_detail,
        name="public_comment_detail",
    ),
    path(
        "commissions/<int:pk>/public-comments/<int:comment_pk>/publish/",
        views.public_comment_publish,
        name="public_comment_publish",
    ),
    path(
        "commissions/<int:pk>/public-comments/<int:comment_pk>/hide/",
        views.public_comment_hide,
        name="public_comment_hide",
    ),
    path(
        "commissions/<int:pk>/public-comments/<int:comment_pk>/reply/",
        views.public_comment_reply,
        name="public_comment_reply",
    ),
    path(
        "commissions/<int:pk>/public-comments/<int:comment_pk>/evidence/",
        views.public_comment_evidence,
        name="public_comment_evidence",
    ),
]
