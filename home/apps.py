from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The top layer: pages that gather every other app's work, and the demo data."""

    name = "home"
    verbose_name = "Home and dashboard"

    def ready(self) -> None:
        from home import dashboard, report_kinds  # noqa: F401  (registers the mission PDF report kinds)

        # Marks a council's kept dashboard sections changed when what they show changes.
        dashboard.connect_receivers()
