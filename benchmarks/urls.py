"""Kindred's URLs plus the bare comparison views, for the page benchmark only."""

from django.urls import path

from benchmarks.bare import bare
from config.urls import urlpatterns as kindred

urlpatterns = [path("__bare/<str:kind>/<int:record>/", bare), *kindred]
