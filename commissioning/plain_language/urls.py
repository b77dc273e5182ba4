"""Routes for the plain-language check and the glossary; included in the commissioning namespace."""

from django.urls import path

from commissioning.plain_language import views

urlpatterns = [
    path("plain-language/", views.plain_language_check_page, name="plain_language_check_page"),
    path("plain-language/check/", views.plain_language_check, name="plain_language_check"),
    path("glossary/", views.glossary_list, name="glossary_list"),
    path("glossary/new/", views.glossary_add, name="glossary_add"),
    path("glossary/<int:pk>/edit/", views.glossary_edit, name="glossary_edit"),
    path("glossary/<int:pk>/remove/", views.glossary_remove, name="glossary_remove"),
]
