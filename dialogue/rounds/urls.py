"""Pages for rounds (included in dialogue/urls.py under the "dialogue" namespace)."""

from django.urls import URLPattern, path

from dialogue.rounds import views

urlpatterns: list[URLPattern] = [
    path("tenders/<int:pk>/rounds/", views.round_list, name="round_list"),
    path("tenders/<int:pk>/rounds/new/", views.round_create, name="round_create"),
    path(
        "tenders/<int:pk>/rounds/start-dialogue/",
        views.round_dialogue_start,
        name="round_dialogue_start",
    ),
    path(
        "tenders/<int:pk>/rounds/final-submissions/",
        views.round_final_submissions,
        name="round_final_submissions",
    ),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/change/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/open/", views.round_open, name="round_open"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/slots/", views.round_slot_add, name="round_slot_add"),
    path("rounds/<int:pk>/slots/book/", views.round_slot_book, name="round_slot_book"),
    path(
        "rounds/<int:pk>/slots/<int:slot_pk>/cancel/",
        views.round_slot_cancel,
        name="round_slot_cancel",
    ),
    path("rounds/<int:pk>/outline/", views.round_outline, name="round_outline"),
    path("rounds/<int:pk>/bidders/<int:supplier_pk>/", views.round_bidder, name="round_bidder"),
    path(
        "rounds/<int:pk>/bidders/<int:supplier_pk>/file/",
        views.round_outline_file,
        name="round_outline_file",
    ),
]
