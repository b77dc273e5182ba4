from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The top layer: pages that gather every other app's work, and the demo data."""

    name = "home"
    verbose_name = "Home and dashboard"
