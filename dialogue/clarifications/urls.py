"""Pages for clarifications (included in dialogue/urls.py under the "dialogue" namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
